package writeback

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// useWindow sets a small window for one test.
func useWindow(t *testing.T, n int64) {
	saved := window
	window = n
	t.Cleanup(func() { window = saved })
}

// stretch is one piece of advice a test saw.
type stretch struct{ off, n int64 }

// recordAdvice replaces the advice with a recorder that answers ok.
func recordAdvice(t *testing.T, ok bool) *[]stretch {
	saved := advise
	var got []stretch
	advise = func(_ *os.File, off, n int64) bool {
		got = append(got, stretch{off, n})
		return ok
	}
	t.Cleanup(func() { advise = saved })
	return &got
}

// writeInPieces writes data through w in pieces of uneven sizes, as a bufio.Writer and a
// zip writer hand them over, and returns what it wrote.
func writeInPieces(t *testing.T, w io.Writer, size int) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(rng.UintN(256))
	}
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 1+rng.IntN(3000))
		if _, err := w.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	return data
}

func createFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readBack(t *testing.T, f *os.File) []byte {
	t.Helper()
	got, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Every stretch is advised twice, once new and once a window later, in file order, and
// nothing past what was written is advised.
func TestWriterAdvisesEveryStretchTwice(t *testing.T) {
	useWindow(t, 4096)
	got := recordAdvice(t, true)
	f := createFile(t)
	w := NewWriter(f)
	data := writeInPieces(t, w, 100_000)
	if !bytes.Equal(readBack(t, f), data) {
		t.Fatal("the file does not hold what was written")
	}
	if len(*got) < 100_000/8192 {
		t.Fatalf("%d pieces of advice for 100,000 bytes in windows of 4,096: want one a window or so", len(*got))
	}
	covered := make([]int, len(data))
	// newFrom is where the last advice's new part began: what it advised for the first time.
	var end, newFrom int64
	for i, s := range *got {
		if s.n <= 0 || s.off+s.n > int64(len(data)) {
			t.Fatalf("advice %d covers [%d, %d) of a %d-byte file", i, s.off, s.off+s.n, len(data))
		}
		if s.off != newFrom || s.off+s.n-end < window {
			t.Fatalf("advice %d is [%d, %d) after one that ended at %d: want it to start at %d, where the last one's new part began, and to reach a window further",
				i, s.off, s.off+s.n, end, newFrom)
		}
		for b := s.off; b < s.off+s.n; b++ {
			covered[b]++
		}
		newFrom, end = end, s.off+s.n
	}
	lastStart := newFrom
	last := (*got)[len(*got)-1]
	for b := range covered {
		want := 2
		if int64(b) >= lastStart {
			want = 1 // advised when new; the next advice would drop it
		}
		if int64(b) >= last.off+last.n {
			want = 0 // less than a window: not advised yet
		}
		if covered[b] != want {
			t.Fatalf("byte %d was advised %d times, want %d", b, covered[b], want)
		}
	}
}

// A file that takes no advice is asked once, and written in full.
func TestWriterStopsAskingAFileThatRefuses(t *testing.T) {
	useWindow(t, 4096)
	got := recordAdvice(t, false)
	f := createFile(t)
	data := writeInPieces(t, NewWriter(f), 50_000)
	if len(*got) != 1 {
		t.Fatalf("%d pieces of advice to a file that refused the first: want 1", len(*got))
	}
	if !bytes.Equal(readBack(t, f), data) {
		t.Fatal("the file does not hold what was written")
	}
}

// With the kernel's own advice, a real file holds every byte written, read back after its
// pages were dropped; on Linux it takes the advice, elsewhere there is none to take.
func TestWriterKeepsEveryByteOfARealFile(t *testing.T) {
	useWindow(t, 64<<10)
	f := createFile(t)
	w := NewWriter(f)
	data := writeInPieces(t, w, 2<<20)
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readBack(t, f), data) {
		t.Fatal("the file does not hold what was written")
	}
	if wantTaken := runtime.GOOS == "linux"; w.disabled == wantTaken {
		t.Errorf("on %s the advice was taken: %v, want %v", runtime.GOOS, !w.disabled, wantTaken)
	}
}

// A pipe takes no advice: the writer stops asking and every byte still goes through.
func TestWriterOnAPipe(t *testing.T) {
	useWindow(t, 4096)
	r, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	read := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		read <- b
	}()
	w := NewWriter(pw)
	data := writeInPieces(t, w, 40_000)
	pw.Close()
	if got := <-read; !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes from the pipe, want the %d written", len(got), len(data))
	}
	if !w.disabled {
		t.Error("the writer still advises a pipe")
	}
}
