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

// recordAdvice replaces both pieces of advice with recorders; the files take the advice
// when ok.
func recordAdvice(t *testing.T, ok bool) (sent, dropped *[]stretch) {
	savedStart, savedDrop := startWrite, drop
	sent, dropped = &[]stretch{}, &[]stretch{}
	startWrite = func(_ *os.File, off, n int64) bool {
		*sent = append(*sent, stretch{off, n})
		return ok
	}
	drop = func(_ *os.File, off, n int64) bool {
		*dropped = append(*dropped, stretch{off, n})
		return ok
	}
	t.Cleanup(func() { startWrite, drop = savedStart, savedDrop })
	return sent, dropped
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

// Each stretch is sent to disk once, when a window of it is complete, and dropped with the
// next piece of advice, never before it was sent; the drops start on a page boundary.
func TestWriterSendsEachStretchThenDropsIt(t *testing.T) {
	useWindow(t, 4096)
	sent, dropped := recordAdvice(t, true)
	f := createFile(t)
	data := writeInPieces(t, NewWriter(f), 100_000)
	if !bytes.Equal(readBack(t, f), data) {
		t.Fatal("the file does not hold what was written")
	}
	if len(*sent) < 100_000/8192 {
		t.Fatalf("%d stretches sent for 100,000 bytes in windows of 4,096: want one a window or so", len(*sent))
	}
	var end int64
	for i, s := range *sent {
		if s.off != end || s.n < window || s.off+s.n > int64(len(data)) {
			t.Fatalf("stretch %d sent is [%d, %d): want it to start at %d, where the last one ended, hold a window or more, and end by %d",
				i, s.off, s.off+s.n, end, len(data))
		}
		end = s.off + s.n
	}
	// A drop comes with every stretch sent but the first, and covers the stretch sent
	// before it, from the page that holds its first byte.
	if len(*dropped) != len(*sent)-1 {
		t.Fatalf("%d drops for %d stretches sent, want one fewer", len(*dropped), len(*sent))
	}
	for i, d := range *dropped {
		before := (*sent)[i]
		if d.off != before.off&^(pageSize-1) || d.off+d.n != before.off+before.n {
			t.Errorf("drop %d is [%d, %d), want [%d, %d): the stretch sent before it, from its first page",
				i, d.off, d.off+d.n, before.off&^(pageSize-1), before.off+before.n)
		}
	}
}

// A file that takes no advice is asked once, and written in full.
func TestWriterStopsAskingAFileThatRefuses(t *testing.T) {
	useWindow(t, 4096)
	sent, dropped := recordAdvice(t, false)
	f := createFile(t)
	data := writeInPieces(t, NewWriter(f), 50_000)
	if len(*sent)+len(*dropped) != 1 {
		t.Fatalf("%d stretches sent and %d dropped on a file that refused the first: want one piece of advice in all", len(*sent), len(*dropped))
	}
	if !bytes.Equal(readBack(t, f), data) {
		t.Fatal("the file does not hold what was written")
	}
}

// With the kernel's own advice, a real file holds every byte written, whatever pages were
// dropped on the way; on Linux it takes the advice, elsewhere there is none to take.
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
	read := make(chan []byte, 1)
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

// Stop ends a sweeper and may be called again.
func TestSweeperStopsTwice(t *testing.T) {
	s := Sweep(t.TempDir())
	s.Stop()
	s.Stop()
}
