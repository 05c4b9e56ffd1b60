// The files ledgerctl writes, parsed without any of the project's code: the bundle
// (ledger/integrity/bundle.h), proof listings (`ledgerctl prove`) and receipts
// (ledger/integrity/receipt.h). Only their framing is read here; every hash, proof and
// signature is judged in main.go with golang.org/x/mod/sumdb.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// Version 3; version 2 is the same without key transitions, version 1 without erased records.
const bundleMagic = "trajectory-ledger bundle 3\n"
const bundleMagicV2 = "trajectory-ledger bundle 2\n"
const bundleMagicV1 = "trajectory-ledger bundle 1\n"

// Record types of the bundle, frozen in ledger/integrity/bundle.h.
const (
	recRange       = 1
	recPrefix      = 2
	recEntry       = 3
	recPersonal    = 4
	recCheckpoint  = 5
	recConsistency = 6
	recTrailer     = 7
	recErased      = 8
	recTransition  = 9
)

type consistency struct {
	oldSize, newSize int64
	proof            tlog.TreeProof
}

type bundle struct {
	first, end  int64
	prefixNodes int
	entries     [][]byte // entries[i] is the entry at position first+i.
	notes       []string
	transitions []string // Key transition notes, oldest first (keys.go).
	proofs      []consistency
	endRoot     tlog.Hash
	erased      int // Erased records: entries whose personal payload an erasure deleted.
}

func u64(b []byte) int64 { return int64(binary.BigEndian.Uint64(b)) }

// parseBundle reads the framing and checks the trailer's digest with crypto/sha256.
func parseBundle(data []byte) (*bundle, error) {
	v1 := bytes.HasPrefix(data, []byte(bundleMagicV1))
	v3 := bytes.HasPrefix(data, []byte(bundleMagic))
	if !v3 && !bytes.HasPrefix(data, []byte(bundleMagicV2)) && !v1 {
		return nil, fmt.Errorf("no bundle magic line")
	}
	b := &bundle{}
	for off := len(bundleMagic); off < len(data); {
		if off+5 > len(data) {
			return nil, fmt.Errorf("truncated record header at byte %d", off)
		}
		kind, n := data[off], int(binary.BigEndian.Uint32(data[off+1:off+5]))
		body := data[off+5:]
		if n > len(body) {
			return nil, fmt.Errorf("record at byte %d runs past the end", off)
		}
		body = body[:n]
		switch {
		case kind == recRange && n == 16:
			b.first, b.end = u64(body), u64(body[8:])
		case kind == recPrefix && n == 41:
			b.prefixNodes++
		case kind == recTransition && v3:
			b.transitions = append(b.transitions, string(body))
		case kind == recCheckpoint:
			b.notes = append(b.notes, string(body))
		case kind == recConsistency && n >= 16 && (n-16)%tlog.HashSize == 0:
			c := consistency{oldSize: u64(body), newSize: u64(body[8:])}
			for p := 16; p < n; p += tlog.HashSize {
				var h tlog.Hash
				copy(h[:], body[p:])
				c.proof = append(c.proof, h)
			}
			b.proofs = append(b.proofs, c)
		case kind == recEntry && n >= 8:
			if u64(body) != b.first+int64(len(b.entries)) {
				return nil, fmt.Errorf("entry %d out of order", u64(body))
			}
			b.entries = append(b.entries, body[8:])
		case kind == recPersonal:
		case kind == recErased && n == 16 && !v1:
			b.erased++
		case kind == recTrailer && n == 64:
			if off+5+n != len(data) {
				return nil, fmt.Errorf("trailer at byte %d is not last", off)
			}
			if sha256.Sum256(data[:off]) != *(*[32]byte)(body[32:]) {
				return nil, fmt.Errorf("digest mismatch: the trailer at byte %d", off)
			}
			copy(b.endRoot[:], body)
			return b, nil
		default:
			return nil, fmt.Errorf("unexpected record type %d (%d bytes) at byte %d", kind, n, off)
		}
		off += 5 + n
	}
	return nil, fmt.Errorf("no trailer")
}

// proofListing is `ledgerctl prove` output: a header line, hex hashes, a blank line, the note.
type proofListing struct {
	a, b   int64 // inclusion: index, tree size; consistency: old size, new size.
	hashes []tlog.Hash
	note   string
}

func parseProofListing(text, kind string) (*proofListing, error) {
	head, rest, ok := strings.Cut(text, "\n")
	if !ok {
		return nil, fmt.Errorf("no header line")
	}
	p := &proofListing{}
	format := "inclusion of index %d in tree size %d"
	if kind == "consistency" {
		format = "consistency of tree size %d with tree size %d"
	}
	if _, err := fmt.Sscanf(head, format, &p.a, &p.b); err != nil {
		return nil, fmt.Errorf("header %q: %v", head, err)
	}
	hashes, note, ok := strings.Cut(rest, "\n\n")
	if !ok && !strings.HasPrefix(rest, "\n") {
		return nil, fmt.Errorf("no blank line before the note")
	}
	if strings.HasPrefix(rest, "\n") {
		hashes, note = "", rest[1:]
	}
	for _, line := range strings.Fields(hashes) {
		raw, err := hex.DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			return nil, fmt.Errorf("bad hash line %q", line)
		}
		var h tlog.Hash
		copy(h[:], raw)
		p.hashes = append(p.hashes, h)
	}
	p.note = note
	return p, nil
}

type receipt struct {
	position, treeSize int64
	entry              []byte
	inclusion          tlog.RecordProof
	note               string
}

func parseReceipt(text string) (*receipt, error) {
	head, note, ok := strings.Cut(text, "\ncheckpoint\n")
	if !ok || !strings.HasPrefix(head, "trajectory-ledger receipt 1\n") {
		return nil, fmt.Errorf("not a receipt")
	}
	r := &receipt{note: note}
	for _, line := range strings.Split(head, "\n")[1:] {
		key, value, _ := strings.Cut(line, " ")
		var err error
		switch key {
		case "position":
			r.position, err = strconv.ParseInt(value, 10, 64)
		case "tree-size":
			r.treeSize, err = strconv.ParseInt(value, 10, 64)
		case "entry":
			r.entry, err = base64.StdEncoding.DecodeString(value)
		case "inclusion":
			var h tlog.Hash
			if h, err = tlog.ParseHash(value); err == nil {
				r.inclusion = append(r.inclusion, h)
			}
		case "personal":
		default:
			err = fmt.Errorf("unknown line")
		}
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
	}
	return r, nil
}
