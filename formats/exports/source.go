package exports

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffBytes is how much of a file is examined to choose its encoding and delimiter. A
// megabyte holds thousands of records: enough to see non-UTF-8 bytes in any real export,
// small enough to stay cheap on a million-row file.
const sniffBytes = 1 << 20

// headWindow is how much decoded text is examined for the header line and the LDIF
// signature: the header of any real export (Get-MgUser with every property is a few
// kilobytes) fits many times over.
const headWindow = 256 << 10

// source is one input file opened for streaming: raw bytes are hashed as they are read
// (unless it was opened without a hash), the text is decoded to UTF-8, and a leading
// "#TYPE" line is consumed.
type source struct {
	path string
	f    *os.File
	sum  hash.Hash
	raw  *bufio.Reader
	text *bufio.Reader
	info FileInfo
	// typeHint is the type name of a "#TYPE" first line ("" when there is none).
	typeHint string
	// lineOffset counts physical lines consumed before text begins (the "#TYPE" line).
	lineOffset int
	closed     bool
	// size is the file's length in bytes, for estimating the record count.
	size int64
}

// openSource opens path, detects its encoding and skips a "#TYPE" line. The error names the
// file and says what to do.
func openSource(path string, read *atomic.Int64) (*source, error) {
	return openSourceHashing(path, read, sha256.New())
}

// openSourceHashing is openSource with the hash the raw bytes go through: nil reads them
// unhashed (BindOnly, which times the binding alone).
func openSourceHashing(path string, read *atomic.Int64, sum hash.Hash) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: file not found\nhint: check the path", path)
		}
		return nil, fmt.Errorf("%s: cannot open: %v", path, err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not an export file\nhint: name the CSV or LDIF file itself", path)
	}
	s := &source{path: path, f: f, sum: sum}
	if st, err := f.Stat(); err == nil {
		s.size = st.Size()
	}
	s.info.File = path
	var r io.Reader = f
	if read != nil {
		r = countingReader{f, read}
	}
	if sum != nil {
		r = io.TeeReader(r, sum)
	}
	s.raw = bufio.NewReaderSize(r, sniffBytes)
	head, err := s.raw.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		f.Close()
		return nil, fmt.Errorf("%s: cannot read: %v", path, err)
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		f.Close()
		return nil, fmt.Errorf("%s: is an Excel workbook (or another zip file), not a CSV export\nhint: export with Export-Csv, or save the sheet as \"CSV UTF-8\"", path)
	}
	enc, bom := detectEncoding(head)
	s.info.Encoding = enc
	if _, err := s.raw.Discard(bom); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: cannot read: %v", path, err)
	}
	var dec transform.Transformer
	switch enc {
	case "utf-16le":
		dec = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case "utf-16be":
		dec = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	case "windows-1252":
		dec = charmap.Windows1252.NewDecoder()
	}
	if dec == nil {
		// UTF-8 is read as it is: the raw buffer serves the CSV reader, with no copy into
		// a second one.
		s.text = s.raw
	} else {
		// Large enough to hold the header window, so that the header can be examined
		// before the CSV reader consumes it.
		s.text = bufio.NewReaderSize(transform.NewReader(s.raw, dec), headWindow)
	}
	if err := s.skipTypeLine(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: cannot read: %v", path, err)
	}
	return s, nil
}

// countingReader adds the bytes it reads to n. Reads are a megabyte at a time (the raw
// buffer's size), so the count costs nothing.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// detectEncoding chooses the encoding of a file from its first bytes and returns the BOM
// length to skip.
func detectEncoding(head []byte) (string, int) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8-bom", 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "utf-16le", 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "utf-16be", 2
	}
	// UTF-16 without a BOM: text in this domain is mostly ASCII, so every other byte is NUL.
	// Count NULs at even and odd offsets over the first few hundred bytes.
	n := min(len(head), 512) &^ 1
	if n >= 4 {
		var even, odd int
		for i := 0; i < n; i += 2 {
			if head[i] == 0 {
				even++
			}
			if head[i+1] == 0 {
				odd++
			}
		}
		half := n / 2
		switch {
		case odd*10 >= half*7 && even*10 < half:
			return "utf-16le", 0
		case even*10 >= half*7 && odd*10 < half:
			return "utf-16be", 0
		}
	}
	if !validUTF8Prefix(head) {
		return "windows-1252", 0
	}
	return "utf-8", 0
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing the sniff window to cut the
// last character short.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			return false
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// skipTypeLine consumes the "#TYPE <name>" line Windows PowerShell 5.1 writes without
// -NoTypeInformation, keeping the type name as a hint to the source.
func (s *source) skipTypeLine() error {
	head, err := s.text.Peek(8)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	if len(head) < 5 || !bytes.EqualFold(head[:5], []byte("#TYPE")) {
		return nil
	}
	line, err := s.text.ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	line = strings.TrimPrefix(line, "\uFEFF")
	s.typeHint = strings.TrimSpace(line[len("#TYPE"):])
	s.lineOffset = 1
	return nil
}

// close drains what was not read, so the SHA-256 covers the whole file, and closes it. A
// source opened without a hash is closed at once.
func (s *source) close() {
	if s.closed {
		return
	}
	s.closed = true
	if s.sum != nil {
		if _, err := io.Copy(io.Discard, s.raw); err == nil {
			s.info.SHA256 = hex.EncodeToString(s.sum.Sum(nil))
		}
	}
	s.f.Close()
}
