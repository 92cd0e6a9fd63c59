// Command readfloor measures the reading floor: the time gocsv, the binder softmatch reads
// CSV exports with, needs alone to bind every record of a generated tenant's two exports,
// one export per core as softmatch reads them, keeping nothing. softmatch cannot read the
// exports faster than this: on top of it, it checks every value, hashes the files, and
// keeps what it read. Reading and predicting together are judged against it as the
// workbook is against samples/synth/floor.
//
//	go run ./samples/synth/readfloor -dir TENANT   (a folder from softmatch generate)
//
// It prints records, seconds and records per second on one line to stdout; run it under
// /usr/bin/time -v for the peak RSS.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/gocarina/gocsv"

	"github.com/softmatch/softmatch/samples/synth"
)

// onPremRow and cloudRow hold every column of the generated exports, so that each value is
// bound as softmatch binds it.
type onPremRow struct {
	DistinguishedName string `csv:"DistinguishedName"`
	Enabled           string `csv:"Enabled"`
	GivenName         string `csv:"GivenName"`
	Surname           string `csv:"Surname"`
	Name              string `csv:"Name"`
	DisplayName       string `csv:"DisplayName"`
	ObjectGUID        string `csv:"ObjectGUID"`
	SamAccountName    string `csv:"SamAccountName"`
	UserPrincipalName string `csv:"UserPrincipalName"`
	Mail              string `csv:"mail"`
	MailNickname      string `csv:"mailNickname"`
	ProxyAddresses    string `csv:"proxyAddresses"`
	ConsistencyGUID   string `csv:"mS-DS-ConsistencyGuid"`
}

type cloudRow struct {
	ID                    string `csv:"Id"`
	UserPrincipalName     string `csv:"UserPrincipalName"`
	DisplayName           string `csv:"DisplayName"`
	GivenName             string `csv:"GivenName"`
	Surname               string `csv:"Surname"`
	Mail                  string `csv:"Mail"`
	MailNickname          string `csv:"MailNickname"`
	ProxyAddresses        string `csv:"ProxyAddresses"`
	OnPremisesImmutableID string `csv:"OnPremisesImmutableId"`
	OnPremisesSyncEnabled string `csv:"OnPremisesSyncEnabled"`
	AccountEnabled        string `csv:"AccountEnabled"`
	UserType              string `csv:"UserType"`
}

// utf8BOM starts the generated Get-ADUser export, as it starts Export-Csv's files.
var utf8BOM = []byte("\xef\xbb\xbf")

// bind binds every record of the CSV file at path to a fresh T, as gocsv's streaming
// unmarshaller hands them out, and returns how many there were.
func bind[T any](path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	um, err := gocsv.NewUnmarshaller(r, new(T))
	if err != nil {
		return 0, fmt.Errorf("%s: header line: %w", path, err)
	}
	// A column the file lacks would leave its field unbound and the floor too low.
	t := reflect.TypeFor[T]()
	for i := range t.NumField() {
		if col := t.Field(i).Tag.Get("csv"); !slices.Contains(um.Headers, col) {
			return 0, fmt.Errorf("%s: no %s column: readfloor reads the exports of softmatch generate, with their default shape", path, col)
		}
	}
	n := 0
	for {
		_, err := um.Read()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
		n++
	}
}

// run binds both exports of the tenant in dir at once, the way softmatch reads them, and
// returns how many records each held.
func run(dir string) (onprem, cloud int, err error) {
	var wg sync.WaitGroup
	var onpremErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		onprem, onpremErr = bind[onPremRow](filepath.Join(dir, synth.OnPremFile))
	}()
	cloud, err = bind[cloudRow](filepath.Join(dir, synth.CloudFile))
	wg.Wait()
	return onprem, cloud, errors.Join(onpremErr, err)
}

func main() {
	dir := flag.String("dir", ".", "folder of a tenant from softmatch generate")
	flag.Parse()
	start := time.Now()
	onprem, cloud, err := run(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "readfloor:", err)
		os.Exit(1)
	}
	sec := time.Since(start).Seconds()
	fmt.Printf("records=%d onprem=%d cloud=%d seconds=%.2f records_per_second=%.0f\n",
		onprem+cloud, onprem, cloud, sec, float64(onprem+cloud)/sec)
}
