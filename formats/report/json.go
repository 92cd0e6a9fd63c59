package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"github.com/softmatch/softmatch/reconcile"
)

// The JSON shapes below follow contract.md key for key; keys beyond the contract are
// additions it allows (object_type, reason, anchor, line numbers, ...).

type jsonSettings struct {
	UPNSoftMatch             bool     `json:"upn_soft_match"`
	BlockSoftMatch           bool     `json:"block_soft_match"`
	BlockHardMatch           bool     `json:"block_hard_match"`
	VerifiedDomains          []string `json:"verified_domains"`
	VerifiedDomainsInferred  bool     `json:"verified_domains_inferred"`
	RolesKnown               bool     `json:"roles_known"`
	InitialDomain            string   `json:"initial_domain"`
	InitialDomainInferred    bool     `json:"initial_domain_inferred"`
	SourceAnchor             string   `json:"source_anchor"`
	PrivilegedHardMatchBlock bool     `json:"privileged_hard_match_block"`
	Limitations              []string `json:"limitations"`
}

type jsonInput struct {
	File      string `json:"file"`
	Side      string `json:"side"`
	Format    string `json:"format"`
	Encoding  string `json:"encoding"`
	Delimiter string `json:"delimiter"`
	Records   int    `json:"records"`
	SHA256    string `json:"sha256"`
}

type jsonSummary struct {
	OnPrem      int            `json:"onprem"`
	Cloud       int            `json:"cloud"`
	Outcomes    map[string]int `json:"outcomes"`
	CloudOnly   int            `json:"cloud_only"`
	Findings    map[string]int `json:"findings"`
	Fixes       int            `json:"fixes"`
	InputIssues int            `json:"input_issues"`
}

type jsonOnPrem struct {
	ObjectType  string   `json:"object_type"`
	SAM         string   `json:"sam"`
	DN          string   `json:"dn"`
	ObjectGUID  string   `json:"object_guid"`
	UPN         string   `json:"upn"`
	PrimarySMTP string   `json:"primary_smtp"`
	Outcome     string   `json:"outcome"`
	CloudID     string   `json:"cloud_id"`
	CloudUPN    string   `json:"cloud_upn"`
	Findings    []string `json:"findings"`
	// Joined tells a join from a blocked candidate: both carry cloud_id, but a blocked
	// candidate stays in cloud_only[] too.
	Joined    bool   `json:"joined"`
	Reason    string `json:"reason"`
	Anchor    string `json:"anchor"`
	OnPremUPN string `json:"onprem_upn"`
	File      string `json:"file"`
	Line      int    `json:"line"`
}

type jsonCloudOnly struct {
	ObjectType  string   `json:"object_type"`
	CloudID     string   `json:"cloud_id"`
	UPN         string   `json:"upn"`
	DisplayName string   `json:"display_name"`
	Findings    []string `json:"findings"`
}

type jsonFinding struct {
	Code      string   `json:"code"`
	Severity  string   `json:"severity"`
	OnPrem    []string `json:"onprem"`
	Cloud     []string `json:"cloud"`
	Detail    string   `json:"detail"`
	Attribute string   `json:"attribute,omitempty"`
	Value     string   `json:"value,omitempty"`
}

type jsonFix struct {
	Side       string `json:"side"`
	ObjectType string `json:"object_type"`
	Target     string `json:"target"`
	Attribute  string `json:"attribute"`
	Old        string `json:"old"`
	New        string `json:"new"`
	Reason     string `json:"reason"`
	Script     string `json:"script"`
	Action     string `json:"action"`
	ObjectID   string `json:"object_id"`
	Line       int    `json:"line"`
	Approved   bool   `json:"approved"`
	Detail     string `json:"detail"`
}

type jsonIssue struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Column   int    `json:"column"`
	Hint     string `json:"hint,omitempty"`
}

// OnPremName is how an on-premises object is named in findings and fixes: its
// sAMAccountName, or its DN for objects without one (contacts).
func OnPremName(o *reconcile.OnPrem) string {
	if o.SAMAccountName != "" {
		return o.SAMAccountName
	}
	if o.DistinguishedName != "" {
		return o.DistinguishedName
	}
	return o.UserPrincipalName
}

// CloudName is how a cloud object is named in findings and fixes: its UPN, else its mail,
// else its object id.
func CloudName(c *reconcile.Cloud) string {
	switch {
	case c.UserPrincipalName != "":
		return c.UserPrincipalName
	case c.Mail != "":
		return c.Mail
	}
	return c.ID
}

// ObjectType returns t, or "user" when t is empty.
func ObjectType(t reconcile.ObjectType) string {
	if t == "" {
		return string(reconcile.User)
	}
	return string(t)
}

func codes(cs []reconcile.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Summary counts what the document holds, as the JSON report's "summary".
func (d *Document) summary() jsonSummary {
	r := d.Result
	s := jsonSummary{
		OnPrem: len(r.OnPrem), Cloud: len(r.Cloud),
		Outcomes: map[string]int{}, Findings: map[string]int{},
		CloudOnly: len(r.CloudOnly), Fixes: len(r.Fixes), InputIssues: len(d.Issues),
	}
	for _, o := range reconcile.Outcomes {
		s.Outcomes[string(o)] = 0
	}
	for _, c := range reconcile.Codes {
		s.Findings[string(c)] = 0
	}
	for i := range r.Entries {
		s.Outcomes[string(r.Entries[i].Outcome)]++
	}
	for i := range r.Findings {
		s.Findings[string(r.Findings[i].Code)]++
	}
	return s
}

// WriteJSON writes the JSON report of contract.md. Arrays are streamed one element at a
// time so that a million entries never exist twice in memory.
func WriteJSON(w io.Writer, d *Document) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	r := d.Result
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimRight(buf.Bytes(), "\n"))
		return err
	}
	str := func(s string) { bw.WriteString(s) }

	str("{\n  \"schema\": ")
	put(Schema)
	str(",\n  \"generator\": ")
	put(d.Generator)
	if d.Generated != "" {
		str(",\n  \"generated\": ")
		put(d.Generated)
	}
	s := r.Settings
	str(",\n  \"settings\": ")
	put(jsonSettings{
		UPNSoftMatch: s.UPNSoftMatch, BlockSoftMatch: s.BlockSoftMatch, BlockHardMatch: s.BlockHardMatch,
		VerifiedDomains: nonNil(s.VerifiedDomains), VerifiedDomainsInferred: s.VerifiedDomainsInferred,
		RolesKnown: s.RolesKnown, InitialDomain: s.InitialDomain, InitialDomainInferred: s.InitialDomainInferred,
		SourceAnchor: sourceAnchorSetting(s.SourceAnchor), PrivilegedHardMatchBlock: s.PrivilegedHardMatchBlock,
		Limitations: nonNil(s.Limitations),
	})
	str(",\n  \"inputs\": [")
	for i, in := range d.Inputs {
		sep(bw, i)
		put(jsonInput{File: in.File, Side: string(in.Side), Format: in.Format, Encoding: in.Encoding,
			Delimiter: in.Delimiter, Records: in.Records, SHA256: in.SHA256})
	}
	end(bw, len(d.Inputs))
	str(",\n  \"summary\": ")
	put(d.summary())

	str(",\n  \"onprem\": [")
	if err := writeArray(bw, d, len(r.Entries), func(i int) any {
		e := &r.Entries[i]
		o := &r.OnPrem[e.OnPrem]
		j := jsonOnPrem{
			ObjectType: ObjectType(o.Type), SAM: o.SAMAccountName, DN: o.DistinguishedName,
			ObjectGUID: o.ObjectGUID, UPN: e.UPN, PrimarySMTP: e.PrimarySMTP, Outcome: string(e.Outcome),
			Findings: codes(e.Findings), Reason: e.Reason, Anchor: e.Anchor, OnPremUPN: o.UserPrincipalName,
			File: o.Source.File, Line: o.Source.Line,
		}
		if e.Cloud >= 0 {
			c := &r.Cloud[e.Cloud]
			j.CloudID, j.CloudUPN = c.ID, c.UserPrincipalName
			switch e.Outcome {
			case reconcile.HardMatch, reconcile.SMTPMatch, reconcile.UPNMatch:
				j.Joined = true
			}
		}
		return &j
	}); err != nil {
		return fmt.Errorf("JSON report, onprem: %w", err)
	}

	str(",\n  \"cloud_only\": [")
	if err := writeArray(bw, d, len(r.CloudOnly), func(i int) any {
		co := &r.CloudOnly[i]
		c := &r.Cloud[co.Cloud]
		return &jsonCloudOnly{ObjectType: ObjectType(c.Type), CloudID: c.ID, UPN: c.UserPrincipalName,
			DisplayName: c.DisplayName, Findings: codes(co.Findings)}
	}); err != nil {
		return fmt.Errorf("JSON report, cloud_only: %w", err)
	}

	str(",\n  \"findings\": [")
	if err := writeArray(bw, d, len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		j := jsonFinding{Code: string(f.Code), Severity: string(f.Severity), Detail: f.Detail,
			OnPrem: make([]string, 0, len(f.OnPrem)), Cloud: make([]string, 0, len(f.Cloud)),
			Attribute: f.Attribute, Value: f.Value}
		for _, k := range f.OnPrem {
			j.OnPrem = append(j.OnPrem, OnPremName(&r.OnPrem[k]))
		}
		for _, k := range f.Cloud {
			j.Cloud = append(j.Cloud, CloudName(&r.Cloud[k]))
		}
		return &j
	}); err != nil {
		return fmt.Errorf("JSON report, findings: %w", err)
	}

	str(",\n  \"fixes\": [")
	if err := writeArray(bw, d, len(r.Fixes), func(i int) any {
		f := &r.Fixes[i]
		target, id := FixTarget(r, f)
		return &jsonFix{Side: string(f.Side), ObjectType: fixObjectType(r, f), Target: target, Attribute: f.Attribute, Old: f.Old, New: f.New,
			Reason: string(f.Reason), Script: f.Script, Action: string(f.Action), ObjectID: id,
			Line: f.Line, Approved: f.Approved, Detail: f.Detail}
	}); err != nil {
		return fmt.Errorf("JSON report, fixes: %w", err)
	}

	str(",\n  \"input_issues\": [")
	for i, is := range d.Issues {
		sep(bw, i)
		put(jsonIssue{File: is.File, Line: is.Line, Severity: is.Severity, Code: is.Code,
			Message: is.Message, Column: is.Column, Hint: is.Hint})
	}
	end(bw, len(d.Issues))
	str("\n}\n")
	return bw.Flush()
}

// FixTarget names the object a fix changes (sAMAccountName or cloud UPN) and gives its
// identity for scripts (objectGUID or Entra object id).
func FixTarget(r *reconcile.Result, f *reconcile.Fix) (target, objectID string) {
	if f.Side == reconcile.CloudSide {
		if f.Object >= 0 && f.Object < len(r.Cloud) {
			c := &r.Cloud[f.Object]
			return CloudName(c), c.ID
		}
		return "", ""
	}
	if f.Object >= 0 && f.Object < len(r.OnPrem) {
		o := &r.OnPrem[f.Object]
		return OnPremName(o), o.ObjectGUID
	}
	return "", ""
}

// fixObjectType names the kind of object a fix changes.
func fixObjectType(r *reconcile.Result, f *reconcile.Fix) string {
	if f.Side == reconcile.CloudSide {
		if f.Object >= 0 && f.Object < len(r.Cloud) {
			return ObjectType(r.Cloud[f.Object].Type)
		}
	} else if f.Object >= 0 && f.Object < len(r.OnPrem) {
		return ObjectType(r.OnPrem[f.Object].Type)
	}
	return ObjectType("")
}

func sourceAnchorSetting(s string) string {
	if s == "" {
		return "mS-DS-ConsistencyGuid"
	}
	return s
}

// arrayChunk is how many elements of an array one goroutine encodes at a time: enough that
// handing chunks around costs nothing next to encoding them, few enough that the chunks in
// flight hold a few MiB.
const arrayChunk = 2048

// encodedChunk is a run of array elements encoded, separators included.
type encodedChunk struct {
	from, to int
	buf      bytes.Buffer
	err      error
	done     chan struct{}
}

// writeArray writes the n elements of a JSON array, element i being what elem(i) returns,
// and closes the array. On a large array (a million entries take seconds to encode)
// chunks of elements are encoded on every processor and written in order, so the bytes
// are those of encoding one element after the other.
func writeArray(bw *bufio.Writer, d *Document, n int, elem func(i int) any) error {
	workers := runtime.GOMAXPROCS(0)
	if n <= arrayChunk || workers < 2 {
		// One chunk at a time through one buffer, so that a large array is never held
		// whole in memory on one processor either.
		var c encodedChunk
		var err error
		for from := 0; from < n; from += arrayChunk {
			c.buf.Reset()
			c.from, c.to = from, min(from+arrayChunk, n)
			encodeChunk(&c, elem)
			if err == nil {
				err = c.err
			}
			bw.Write(c.buf.Bytes())
			d.AddWritten(c.to - c.from)
		}
		end(bw, n)
		return err
	}
	// queue holds the chunks in array order, work the same chunks for the encoders; the
	// capacity of queue bounds the chunks in flight.
	queue := make(chan *encodedChunk, 2*workers)
	work := make(chan *encodedChunk, 2*workers)
	spare := make(chan *encodedChunk, 2*workers+1)
	go func() {
		defer close(work)
		defer close(queue)
		for from := 0; from < n; from += arrayChunk {
			var c *encodedChunk
			select {
			case c = <-spare:
				c.buf.Reset()
			default:
				c = &encodedChunk{}
			}
			c.from, c.to, c.done = from, min(from+arrayChunk, n), make(chan struct{})
			queue <- c
			work <- c
		}
	}()
	for range workers {
		go func() {
			for c := range work {
				encodeChunk(c, elem)
				close(c.done)
			}
		}()
	}
	var err error
	for c := range queue {
		<-c.done
		if err == nil {
			err = c.err
		}
		bw.Write(c.buf.Bytes())
		d.AddWritten(c.to - c.from)
		select {
		case spare <- c:
		default:
		}
	}
	end(bw, n)
	return err
}

// encodeChunk encodes the elements [c.from, c.to) into c.buf, each after its separator, as
// sep writes it.
func encodeChunk(c *encodedChunk, elem func(i int) any) {
	enc := json.NewEncoder(&c.buf)
	enc.SetEscapeHTML(false)
	for i := c.from; i < c.to; i++ {
		if i > 0 {
			c.buf.WriteByte(',')
		}
		c.buf.WriteString("\n    ")
		if err := enc.Encode(elem(i)); err != nil {
			if c.err == nil {
				c.err = fmt.Errorf("element %d: %w", i, err)
			}
			continue
		}
		// Encode ends the value with a newline, which the array layout does not want.
		c.buf.Truncate(c.buf.Len() - 1)
	}
}

func sep(w *bufio.Writer, i int) {
	if i > 0 {
		w.WriteString(",")
	}
	w.WriteString("\n    ")
}

func end(w *bufio.Writer, n int) {
	if n > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("]")
}
