package powershell

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// scriptNamed returns the body of the named script.
func scriptNamed(t *testing.T, scripts []Script, name string) string {
	t.Helper()
	for _, s := range scripts {
		if s.Name == name {
			return string(s.Body)
		}
	}
	t.Fatalf("no script %s", name)
	return ""
}

// requireOrder fails unless each piece occurs in text, each after the one before it.
func requireOrder(t *testing.T, what, text string, pieces ...string) {
	t.Helper()
	at := 0
	for _, p := range pieces {
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Errorf("%s: %q missing, or not after %q", what, p, text[:at][max(0, at-60):])
			return
		}
		at += i + len(p)
	}
}

// functionText returns the text of a PowerShell function in body, from its declaration to
// the closing brace at the start of a line.
func functionText(t *testing.T, body, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, "function "+name+"(")
	if !ok {
		t.Fatalf("no function %s", name)
	}
	fn, _, ok := strings.Cut(rest, "\r\n}\r\n")
	if !ok {
		t.Fatalf("function %s does not end", name)
	}
	return fn
}

// TestRollbackScriptsHoldOnlyJournalData: a rollback script holds no value of any change,
// whatever the changes: apart from the modules it requires and names, it is the same text for the
// hostile fixture, the golden result and no change at all. Everything it restores it reads
// from the journal named by its mandatory -Journal parameter.
func TestRollbackScriptsHoldOnlyJournalData(t *testing.T) {
	h := Header{Generator: "softmatch test"}
	golden, _ := ChangesFromResult(goldenResult())
	none, _ := Generate(h, nil)
	const exchange = "#Requires -Modules ExchangeOnlineManagement\r\n"
	const exchangeUse = ",\r\n# and Exchange Online PowerShell for groups and contacts (Connect-ExchangeOnline first)"
	tests := []struct {
		name    string
		changes []Change
	}{
		{"hostile values", loadChanges(t, "hostile-changes.json")},
		{"golden result", golden},
		{"one address change", []Change{{Side: "onprem", Action: "set-primary-smtp", ObjectID: "35918bc9-196d-40ea-9779-889d79b753f0",
			Target: "anna", Old: "anna@contoso.com", New: "anna.berg@contoso.com", OldMail: "anna@contoso.com", Captured: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scripts, _ := Generate(h, tt.changes)
			for _, name := range []string{OnPremRollback, CloudRollback} {
				got := strings.Replace(scriptNamed(t, scripts, name), exchange, "", 1)
				got = strings.Replace(got, exchangeUse, "", 1)
				if got != scriptNamed(t, none, name) {
					t.Errorf("%s depends on the changes", name)
				}
			}
		})
	}
	for _, name := range []string{OnPremRollback, CloudRollback} {
		body := scriptNamed(t, none, name)
		for _, p := range []string{
			"param([Parameter(Mandatory = $true)][string]$Journal, ",
			"\r\n$changes = Read-Journal $Journal\r\n",
			"try { $record = ConvertFrom-Json -InputObject ([string]$line) }",
		} {
			if !strings.Contains(body, p) {
				t.Errorf("%s lacks %q", name, p)
			}
		}
		if strings.Contains(body, "$changes = @(") || strings.Count(body, "$changes =") != 1 {
			t.Errorf("%s has a table of changes, or fills $changes from anything but the journal", name)
		}
		// The only change a rollback makes restores the journal's Before, and only after the
		// checks that the journal marks it applied and that the object holds its After.
		if n := strings.Count(body, "Set-State $Change $object "); n != 1 {
			t.Errorf("%s: %d calls change an object, want the one restoring Before", name, n)
		}
		requireOrder(t, name, functionText(t, body, "Invoke-Undo"),
			"if (-not $Change.Applied) {", "return",
			"if (Test-State $current $Change.Before) {", "'skipped: already holds the value from before the change'",
			"elseif (-not (Test-State $current $Change.After)) {", "$script:skipped++",
			"elseif ($refusal -ne '') {", "elseif (-not $Apply) {",
			"Set-State $Change $object $Change.Before")
		// A journal is refused whole, before anything changes, when another script wrote it.
		requireOrder(t, name, functionText(t, body, "Read-Journal"),
			"$writer = Get-Text $record 'Script' $number", "[string]::Equals($writer, $forwardScript, [System.StringComparison]::Ordinal)", "throw")
		forward := OnPremScript
		if name == CloudRollback {
			forward = CloudScript
		}
		if !strings.Contains(body, "\r\n$forwardScript = "+Quote(forward)+"\r\n") {
			t.Errorf("%s does not name %s as the writer of its journal", name, forward)
		}
	}
}

// TestForwardScriptsJournalEachChangeBeforeMakingIt: with -Apply, a forward script records
// a change (values read before it and values it writes) before making it and marks it applied
// after; a change skipped because the object already holds the new value is never journalled,
// so the rollback cannot undo it.
func TestForwardScriptsJournalEachChangeBeforeMakingIt(t *testing.T) {
	changes, _ := ChangesFromResult(goldenResult())
	scripts, _ := Generate(Header{}, changes)
	for _, name := range []string{OnPremScript, CloudScript} {
		body := scriptNamed(t, scripts, name)
		fn := functionText(t, body, "Invoke-Change")
		requireOrder(t, name, fn,
			"if ($script:halted) {", "return",
			"$before = Get-State $Change $object",
			"if (Test-Same $current $Change.New $false) {", "'skipped: already holds the new value'",
			"elseif (-not (Test-Same $current $Change.Old $ignoreCase)) {",
			"elseif (-not (Test-Captured $Change $before)) {",
			"elseif (-not $Apply) {",
			"$after = New-State $Change $current $before",
			"Write-Journal ([ordered]@{ Kind = 'change'; Script = $scriptName; N = $Change.N; Type = $Change.Type; Action = $Change.Action; Id = (Get-ObjectId $Change $object); Target = $Change.Target; Before = $before; After = $after })",
			"$script:halted = $true",
			"Set-State $Change $object $after",
			"Write-Journal ([ordered]@{ Kind = 'applied'; Script = $scriptName; N = $Change.N })",
			"$script:halted = $true",
			"$script:applied++")
		if strings.Count(fn, "Write-Journal") != 2 || strings.Count(body, "Set-State $Change $object") != 1 {
			t.Errorf("%s: a change is journalled or made somewhere else too", name)
		}
		// The journal sits beside the log unless named, and is written as UTF-8 JSON.
		for _, p := range []string{
			"[string]$JournalPath = '')",
			"\r\nif ($JournalPath -eq '') { $JournalPath = [System.IO.Path]::ChangeExtension($LogPath, '.journal.jsonl') }\r\n",
			"\r\n$scriptName = " + Quote(name) + "\r\n",
			"$line = ConvertTo-Json -InputObject $Record -Compress -Depth 5",
			"Add-Content -LiteralPath $JournalPath -Value $line -Encoding UTF8",
		} {
			if !strings.Contains(body, p) {
				t.Errorf("%s lacks %q", name, p)
			}
		}
	}
}

// TestAddressChangesJournalAllAddressesAndMail: the state an address change journals and
// restores is all of proxyAddresses and mail, written back whole with -Replace, or -Clear for
// an empty one; promoting an address rewrites mail too, so mail must be restored with it.
func TestAddressChangesJournalAllAddressesAndMail(t *testing.T) {
	scripts, _ := Generate(Header{}, nil)
	onprem := scriptNamed(t, scripts, OnPremRollback)
	requireOrder(t, "Get-State", functionText(t, onprem, "Get-State"),
		"if (Test-AddressAction $Change) {", "foreach ($p in @($Object.proxyAddresses)) {",
		"return @{ Proxies = [string[]]$list.ToArray(); Mail = [string]$Object.mail }")
	requireOrder(t, "Set-State", functionText(t, onprem, "Set-State"),
		"$proxies = [string[]]@($State.Proxies)",
		"if ($proxies.Count -gt 0) { $replace['proxyAddresses'] = $proxies } else { $clear.Add('proxyAddresses') }",
		"if ([string]$State.Mail -ne '') { $replace['mail'] = [string]$State.Mail } else { $clear.Add('mail') }",
		"Set-Attributes $Change $arguments")
	requireOrder(t, "New-AddressState", functionText(t, onprem, "New-AddressState"),
		"return @{ Proxies = [string[]]$list.ToArray(); Mail = [string]$Before.Mail }",
		"$list.Insert(0, 'SMTP:' + $New)", "return @{ Proxies = [string[]]$list.ToArray(); Mail = $New }")
	// Rollback compares states exactly, forward checks of the export ignore case.
	requireOrder(t, "Test-State", functionText(t, onprem, "Test-State"),
		"(Test-SameAddresses $A.Proxies $B.Proxies $false) -and (Test-Same $A.Mail $B.Mail $false)",
		"return Test-Same ([string]$A) ([string]$B) $false")
	forward := scriptNamed(t, scripts, OnPremScript)
	requireOrder(t, "Test-Captured", functionText(t, forward, "Test-Captured"),
		"if (-not $Change.ContainsKey('OldProxies')) { return $true }",
		"(Test-SameAddresses $Before.Proxies $Change.OldProxies $true) -and (Test-Same $Before.Mail $Change.OldMail $true)")
}

// TestSetPrimarySMTPEntriesCarryTheOriginalProxyList: the on-premises set-primary-smtp entries
// of a reconcile result carry the object's whole exported proxyAddresses and mail, decoded
// exactly by PowerShell's rules, on the entry's own line; an export without those columns
// captures nothing.
func TestSetPrimarySMTPEntriesCarryTheOriginalProxyList(t *testing.T) {
	tests := []struct {
		name    string
		missing []string
		want    map[int][]string // fix index -> the entry's literals
	}{
		{"full export", nil, map[int][]string{
			1: want("user", "set-primary-smtp", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "zobrien", "proxyAddresses",
				"zoe.obrien@fabrikam.com", "zoe.o’brien@contoso.com", "smtp-unverified-domain",
				"SMTP:zoe.obrien@fabrikam.com", "smtp:zoe.o’brien@contoso.com", "zoë@contoso.local"),
			9: want("group", "set-primary-smtp", "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "vertrieb-süd", "proxyAddresses",
				"vertrieb@contoso.local.example", "vertrieb@contoso.com", "duplicate-group",
				"SMTP:vertrieb@contoso.local.example", ""),
		}},
		{"export without proxyAddresses", []string{"ProxyAddresses"}, map[int][]string{
			1: want("user", "set-primary-smtp", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "zobrien", "proxyAddresses",
				"zoe.obrien@fabrikam.com", "zoe.o’brien@contoso.com", "smtp-unverified-domain"),
			9: want("group", "set-primary-smtp", "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "vertrieb-süd", "proxyAddresses",
				"vertrieb@contoso.local.example", "vertrieb@contoso.com", "duplicate-group"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := goldenDocument()
			doc.Result.OnPrem[1].Mail = "zoë@contoso.local"
			for i := range doc.Result.OnPrem {
				doc.Result.OnPrem[i].Source = reconcile.Source{File: doc.Inputs[0].File, Line: i + 2}
			}
			doc.Inputs[0].Missing = tt.missing
			dir := t.TempDir()
			if err := Write(dir, doc); err != nil {
				t.Fatal(err)
			}
			body, err := os.ReadFile(filepath.Join(dir, OnPremScript))
			if err != nil {
				t.Fatal(err)
			}
			r := runPscheck(t, OnPremScript, body)
			requireClean(t, OnPremScript, r)
			for i, w := range tt.want {
				f := doc.Result.Fixes[i]
				if f.Script != OnPremScript {
					t.Fatalf("fix %d is carried by %q", i, f.Script)
				}
				var got []string
				for _, s := range r.Strings {
					if s.Line == f.Line {
						got = append(got, s.Value)
					}
				}
				if strings.Join(got, "\n") != strings.Join(w, "\n") {
					t.Errorf("fix %d: entry literals %q, want %q", i, got, w)
				}
				line := strings.Split(string(body), "\r\n")[f.Line-1]
				if hasCapture := strings.Contains(line, "; OldProxies = @("); hasCapture != (tt.missing == nil) {
					t.Errorf("fix %d: entry carries OldProxies %v: %s", i, hasCapture, line)
				}
			}
		})
	}
}

// TestChangesFromResultCapturesAddressesOfPrimarySMTPChanges: only on-premises
// set-primary-smtp changes capture the object's addresses, as a copy.
func TestChangesFromResultCapturesAddressesOfPrimarySMTPChanges(t *testing.T) {
	r := goldenResult()
	r.OnPrem[1].Mail = "zoe.obrien@fabrikam.com"
	changes, index := ChangesFromResult(r)
	for i, c := range changes {
		f := r.Fixes[index[i]]
		wantCapture := f.Side == reconcile.OnPremSide && f.Action == reconcile.SetPrimarySMTP
		if c.Captured != wantCapture {
			t.Errorf("change %d (%s %s): captured %v", i, c.Side, c.Action, c.Captured)
			continue
		}
		if !wantCapture {
			if c.OldProxies != nil || c.OldMail != "" {
				t.Errorf("change %d (%s %s) carries addresses", i, c.Side, c.Action)
			}
			continue
		}
		o := r.OnPrem[f.Object]
		if strings.Join(c.OldProxies, "|") != strings.Join(o.ProxyAddresses, "|") || c.OldMail != o.Mail {
			t.Errorf("change %d: captured %q %q, want %q %q", i, c.OldProxies, c.OldMail, o.ProxyAddresses, o.Mail)
		}
		if len(c.OldProxies) > 0 {
			c.OldProxies[0] = "changed"
			if o.ProxyAddresses[0] == "changed" {
				t.Errorf("change %d shares its address list with the result", i)
			}
		}
	}
}

// TestDryRunAndLogStayTheDefault: the journal did not change what the forward scripts
// promise: dry run unless -Apply, a transcript, exit status 1 on failure, UTF-8 with BOM and
// CRLF line ends.
func TestDryRunAndLogStayTheDefault(t *testing.T) {
	changes, _ := ChangesFromResult(goldenResult())
	scripts, _ := Generate(Header{}, changes)
	for _, s := range scripts {
		if !bytes.HasPrefix(s.Body, []byte("\xEF\xBB\xBF")) {
			t.Errorf("%s: no byte order mark", s.Name)
		}
		if n := bytes.Count(s.Body, []byte("\n")); n != bytes.Count(s.Body, []byte("\r\n")) || n != bytes.Count(s.Body, []byte("\r")) {
			t.Errorf("%s: line ends are not all CRLF", s.Name)
		}
		body := string(s.Body)
		for _, p := range []string{"[switch]$Apply", "Start-Transcript -Path $LogPath -Append | Out-Null",
			"} elseif (-not $Apply) {\r\n            $script:planned++", "if ($script:failed -gt 0) { exit 1 }"} {
			if !strings.Contains(body, p) {
				t.Errorf("%s lacks %q", s.Name, p)
			}
		}
	}
}
