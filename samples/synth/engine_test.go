package synth

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/reconcile"
)

// tenantSettings are the facts of the generated tenant: its verified domains and initial
// domain, UPN soft match on as in every tenant created since 2016, no blocks.
func tenantSettings() reconcile.Settings {
	return reconcile.Settings{
		UPNSoftMatch:    true,
		VerifiedDomains: append([]string(nil), VerifiedDomains...),
		InitialDomain:   InitialDomain,
		SourceAnchor:    "mS-DS-ConsistencyGuid",
	}
}

// TestEngineAgreesWithTruth reads a generated tenant back with encoding/csv, runs the
// engine on it and compares every on-premises user's outcome and cloud user with truth.csv.
// Disagreements are grouped by planted case so that a broken rule names itself.
func TestEngineAgreesWithTruth(t *testing.T) {
	loaders := []struct {
		name string
		load func(t *testing.T, dir string) ([]reconcile.OnPrem, []reconcile.Cloud)
	}{
		{"encoding/csv mapping", loadMinimal},
		{"formats/exports readers", loadWithReaders},
	}
	for _, l := range loaders {
		t.Run(l.name, func(t *testing.T) { engineAgrees(t, l.load) })
	}
}

// loadMinimal maps the columns with encoding/csv alone, so that a reader fault cannot hide
// or cause an engine disagreement.
func loadMinimal(t *testing.T, dir string) ([]reconcile.OnPrem, []reconcile.Cloud) {
	onprem := toOnPrem(t, OnPremFile, readTable(t, filepath.Join(dir, OnPremFile)))
	cloud := toCloud(t, CloudFile, readTable(t, filepath.Join(dir, CloudFile)))
	return onprem, cloud
}

// loadWithReaders goes through the production readers, as softmatch reconcile does; the
// generated exports must read without a single issue.
func loadWithReaders(t *testing.T, dir string) ([]reconcile.OnPrem, []reconcile.Cloud) {
	onprem, info, issues, err := exports.ReadOnPrem(filepath.Join(dir, OnPremFile), exports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != exports.FormatGetADUser || len(issues) > 0 {
		t.Errorf("on-prem export read as %q with %d issues: %+v", info.Format, len(issues), firstIssue(issues))
	}
	cloud, infos, issues, err := exports.ReadCloud([]string{filepath.Join(dir, CloudFile)}, exports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 1 || infos[0].Format != exports.FormatGetMgUser || len(issues) > 0 {
		t.Errorf("cloud export read as %+v with %d issues: %+v", infos, len(issues), firstIssue(issues))
	}
	return onprem, cloud
}

func firstIssue(issues []exports.Issue) exports.Issue {
	if len(issues) == 0 {
		return exports.Issue{}
	}
	return issues[0]
}

func engineAgrees(t *testing.T, load func(t *testing.T, dir string) ([]reconcile.OnPrem, []reconcile.Cloud)) {
	hostile := DefaultRates()
	hostile.HostileDisplayNames = 0.1
	// A tenant made mostly of problems, as `generate --rate` can ask for.
	skewed := DefaultRates()
	for name, v := range map[string]float64{"smtp-match": 0.05, "contested": 0.2, "cloud-bound": 0.1,
		"collision-on-create-smtp": 0.1, "likely-same-person": 0.1, "no-mailbox": 0.5} {
		if err := skewed.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, opt := range []Options{
		{Users: 1000, Seed: 3, CloudUsers: 1500, Rates: skewed},
		{Users: 2000, Seed: 1},
		{Users: 2000, Seed: 99, Rates: hostile},
		{Users: 1000, Seed: 7, Shape: Shape{UTF16: true, Semicolon: true, TypeLine: true}},
		{Users: 1000, Seed: 8, Shape: Shape{Semicolon: true}},
		{Users: 1000, Seed: 9, Shape: Shape{UTF16: true}},
	} {
		seed := opt.Seed
		dir, _ := generate(t, opt)
		truth := readTable(t, filepath.Join(dir, TruthFile))
		onprem, cloud := load(t, dir)
		if len(onprem) != len(truth) {
			t.Fatalf("seed %d: %d on-prem users read, truth has %d", seed, len(onprem), len(truth))
		}

		res := reconcile.Reconcile(onprem, cloud, tenantSettings())
		if len(res.Entries) != len(onprem) {
			t.Fatalf("seed %d: %d entries for %d on-prem users", seed, len(res.Entries), len(onprem))
		}
		wrong := map[string][]string{}
		for i, e := range res.Entries {
			tr := truth[i]
			if o := onprem[e.OnPrem]; o.ObjectGUID != tr["ObjectGUID"] || o.SAMAccountName != tr["SamAccountName"] {
				t.Fatalf("seed %d: entry %d is %s/%s, truth row is %s/%s", seed, i,
					o.SAMAccountName, o.ObjectGUID, tr["SamAccountName"], tr["ObjectGUID"])
			}
			gotID := ""
			if e.Cloud >= 0 {
				gotID = res.Cloud[e.Cloud].ID
			}
			wantID := tr["CloudId"]
			if e.Outcome != reconcile.Blocked && e.Outcome != reconcile.HardMatch &&
				e.Outcome != reconcile.SMTPMatch && e.Outcome != reconcile.UPNMatch {
				// new and excluded join nothing; a candidate the engine names for them is
				// information, not a join.
				gotID = ""
			}
			if string(e.Outcome) != tr["Outcome"] || gotID != wantID {
				wrong[tr["Case"]] = append(wrong[tr["Case"]],
					tr["SamAccountName"]+": engine "+string(e.Outcome)+" "+gotID+", truth "+tr["Outcome"]+" "+wantID+" ("+e.Reason+")")
			}
		}
		cases := make([]string, 0, len(wrong))
		for c := range wrong {
			cases = append(cases, c)
		}
		sort.Strings(cases)
		for _, c := range cases {
			t.Errorf("seed %d case %s: %d users disagree, first: %s", seed, c, len(wrong[c]), wrong[c][0])
		}

		// Each planted problem must also be reported with its code.
		missing := map[string]int{}
		firstMissing := map[string]string{}
		for i, tr := range truth {
			want, ok := caseFinding[tr["Case"]]
			if !ok {
				continue
			}
			if !hasCode(res.Entries[i].Findings, want) {
				key := tr["Case"] + " without " + string(want)
				if missing[key] == 0 {
					firstMissing[key] = tr["SamAccountName"]
				}
				missing[key]++
			}
		}
		for i, tr := range truth {
			for code, planted := range onlyPlanted {
				if tr["Case"] != planted && hasCode(res.Entries[i].Findings, code) {
					key := tr["Case"] + " with " + string(code)
					if missing[key] == 0 {
						firstMissing[key] = tr["SamAccountName"]
					}
					missing[key]++
				}
			}
		}
		keys := make([]string, 0, len(missing))
		for key := range missing {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			t.Errorf("seed %d: %d users of case %s, first %s", seed, missing[key], key, firstMissing[key])
		}
	}
}

// caseFinding is the finding code each planted problem must raise on its on-premises user.
var caseFinding = map[string]reconcile.Code{
	"smtp-match-secondary":     reconcile.SecondaryAddressMatch,
	"smtp-match-upn-taken":     reconcile.UPNTaken,
	"cloud-bound":              reconcile.CloudBound,
	"cloud-bound-stale-anchor": reconcile.CloudBound,
	"contested":                reconcile.Contested,
	"collision-on-create-upn":  reconcile.CollisionOnCreate,
	"collision-on-create-smtp": reconcile.CollisionOnCreate,
	"likely-same-person":       reconcile.LikelySamePerson,
	"secondary-address-taken":  reconcile.SecondaryAddressTaken,
}

// onlyPlanted lists codes that no case but their own may raise: the generator keeps every
// value unique unless a case plants the collision, so any other user carrying one of
// these codes is a false report.
var onlyPlanted = map[reconcile.Code]string{
	reconcile.SecondaryAddressTaken: "secondary-address-taken",
}

func hasCode(codes []reconcile.Code, c reconcile.Code) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}
