package report

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// pieceLog records the length of every write it takes, and takes at most limit bytes of
// any write when limit is set.
type pieceLog struct {
	bytes.Buffer
	lens  []int
	limit int
}

func (l *pieceLog) Write(p []byte) (int, error) {
	l.lens = append(l.lens, len(p))
	if l.limit > 0 && len(p) > l.limit {
		p = p[:l.limit]
	}
	return l.Buffer.Write(p)
}

func TestSmallWritesCutsLongWrites(t *testing.T) {
	data := bytes.Repeat([]byte("Björn Åström;"), maxPiece/7) // 16 bytes each: 2.3 pieces
	var log pieceLog
	w := SmallWrites(&log)
	if n, err := w.Write(data); err != nil || n != len(data) {
		t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(data))
	}
	if !bytes.Equal(log.Bytes(), data) {
		t.Fatal("the bytes that came out differ from those written")
	}
	if want := (len(data) + maxPiece - 1) / maxPiece; len(log.lens) != want {
		t.Errorf("%d bytes went out in %d writes %v, want %d", len(data), len(log.lens), log.lens, want)
	}
	for _, n := range log.lens {
		if n > maxPiece {
			t.Errorf("a write of %d bytes went out whole, longer than %d", n, maxPiece)
		}
	}
	if SmallWrites(w) != w {
		t.Error("wrapping twice should return the same writer")
	}
}

func TestSmallWritesReportsShortWrites(t *testing.T) {
	log := pieceLog{limit: 100}
	n, err := SmallWrites(&log).Write(make([]byte, 2*maxPiece))
	if !errors.Is(err, io.ErrShortWrite) || n != 100 {
		t.Fatalf("Write = %d, %v; want 100, %v", n, err, io.ErrShortWrite)
	}
}

func TestWriteFileAtomicWritesInPieces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	data := bytes.Repeat([]byte(`{"upn":"björn@contoso.com"}`), maxPiece/4)
	err := WriteFileAtomic(path, func(w io.Writer) error {
		// A write longer than a piece reaches the file whole only if it is not cut.
		if _, ok := w.(smallWriter); !ok {
			t.Errorf("write got a %T, want the file behind SmallWrites", w)
		}
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("file holds %d bytes, want the %d written", len(got), len(data))
	}
}
