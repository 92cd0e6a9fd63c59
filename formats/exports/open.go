package exports

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
)

// opened is a file whose format is known and whose records are ready to be read.
type opened struct {
	src    *source
	format string
	h      header // CSV only
}

// openExport opens path and settles its format: forced by opt, else detected from the first
// line(s). want is the side the caller reads ("" accepts any). The error says how to fix it.
func openExport(path string, opt Options, want Side) (*opened, error) {
	if opt.Format != "" && !slices.Contains(knownFormats, opt.Format) {
		return nil, fmt.Errorf("%s: unknown format %q\nhint: use one of %s", path, opt.Format, strings.Join(knownFormats, ", "))
	}
	src, err := openSource(path, opt.Read)
	if err != nil {
		return nil, err
	}
	o := &opened{src: src, format: opt.Format}
	if o.format == FormatLDIF || o.format == "" && looksLikeLDIF(src) {
		o.format = FormatLDIF
	} else {
		h, err := src.peekHeader()
		if err != nil {
			src.close()
			return nil, fmt.Errorf("%s: not a readable export: %v\nhint: export with Export-Csv -NoTypeInformation -Encoding UTF8", path, err)
		}
		o.h = h
		if o.format == "" {
			o.format = detectFormat(h.clean, src.typeHint)
		}
		if o.format == "" {
			src.close()
			return nil, fmt.Errorf("%s: not a recognisable export: no known column in the header (%s)\nhint: export with the scripts in scripts/, or force the format with --onprem-format or --cloud-format",
				path, abbreviate(h.raw, 6))
		}
		src.info.Delimiter = string(h.delim)
	}
	src.info.Format = o.format
	src.info.Side = sideOf(o.format)
	if want != "" && src.info.Side != want {
		src.close()
		return nil, fmt.Errorf("%s: looks like a %s export (%s), not %s\nhint: pass it with the right flag, or force the format with --%s-format",
			path, src.info.Side, o.format, want, want)
	}
	return o, nil
}

// abbreviate quotes the first n values for a message.
func abbreviate(vs []string, n int) string {
	var q []string
	for i, v := range vs {
		if i == n {
			q = append(q, "...")
			break
		}
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		q = append(q, fmt.Sprintf("%q", v))
	}
	return strings.Join(q, ", ")
}

// looksLikeLDIF reports whether the text starts, after comments and blank lines, with an
// LDIF "dn:" or "version:" line.
func looksLikeLDIF(src *source) bool {
	b, err := src.text.Peek(headWindow)
	if err != nil && err != io.EOF && len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\uFEFF")))
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		l := bytes.ToLower(line)
		return bytes.HasPrefix(l, []byte("dn:")) || bytes.HasPrefix(l, []byte("version:"))
	}
	return false
}

// tally gathers one kind of problem in one column of one file, so that it is reported once
// with a count instead of once per record.
type tally struct {
	count, line, col int
	field            string
	// value is the first offending cell, shown in the message (a type name, never data).
	value string
}

// add records one occurrence.
func (t *tally) add(line, col int, field string) {
	if t.count == 0 {
		t.line, t.col, t.field = line, col, field
	}
	t.count++
}
