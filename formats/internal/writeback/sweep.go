package writeback

import (
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Sweeper does for the files of a folder what Writer does for one file, for a writer that
// cannot be wrapped: excelize writes its temporary copy of each sheet itself, 1.6 GB at a
// million users per side. Every tick it sends what each file gained since to disk and drops
// what it sent the tick before. The files must be written front to back and only appended
// to; the sweeper only ever reads them.
type Sweeper struct {
	dir   string
	stop  chan struct{}
	done  sync.WaitGroup
	files map[string]*Writer // by name, while the file is in the folder
}

// sweepEvery is how often the folder is looked at: a sheet grows by a window in well over
// this time.
const sweepEvery = 50 * time.Millisecond

// Sweep starts following the files in dir; Stop ends it. Where the kernel takes no advice
// (anything but Linux) it does nothing and holds no file open, so it cannot stand in the way
// of a file's removal.
func Sweep(dir string) *Sweeper {
	s := &Sweeper{dir: dir, stop: make(chan struct{}), files: map[string]*Writer{}}
	if !advised {
		return s
	}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(sweepEvery)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				s.letGo(nil)
				return
			case <-t.C:
				s.sweep()
			}
		}
	}()
	return s
}

// Stop ends the sweeping and closes the files it held open. It may be called more than once.
func (s *Sweeper) Stop() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.done.Wait()
}

// sweep advises every file of the folder on what it gained since the last sweep, and lets
// go of the files that are gone.
func (s *Sweeper) sweep() {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		// The folder is gone or unreadable: hold on to nothing.
		s.letGo(nil)
		return
	}
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		seen[name] = true
		w := s.files[name]
		if w == nil {
			f, err := os.Open(filepath.Join(s.dir, name))
			if err != nil {
				continue
			}
			w = &Writer{f: f}
			s.files[name] = w
		}
		st, err := w.f.Stat()
		if err != nil {
			continue
		}
		w.written = st.Size()
		if !w.disabled && w.written-w.sent >= window {
			w.advise()
		}
	}
	s.letGo(seen)
}

// letGo closes the files not in keep: a removed file's space is freed only once no one
// holds it open.
func (s *Sweeper) letGo(keep map[string]bool) {
	for name, w := range s.files {
		if !keep[name] {
			w.f.Close()
			delete(s.files, name)
		}
	}
}

// Reader drops from the page cache what another reader has read of a file, a window behind
// its position: excelize reads each sheet's copy back once, to put it in the package, and
// after the Sweeper dropped it those pages would otherwise be new ones again.
type Reader struct {
	f        *os.File
	dropped  int64 // bytes before this were dropped
	disabled bool
}

// NewReader returns a Reader for f, which is read front to back.
func NewReader(f *os.File) *Reader { return &Reader{f: f} }

// ReadTo says that f has been read up to pos; once that is two windows past what was last
// dropped, the bytes up to a window behind pos are dropped.
func (r *Reader) ReadTo(pos int64) {
	if r.disabled || pos-r.dropped < 2*window {
		return
	}
	end := pos - window
	if !dropStretch(r.f, r.dropped, end) {
		r.disabled = true
		return
	}
	r.dropped = end
}
