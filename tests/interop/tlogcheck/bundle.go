// The bundle's checks: its entries folded into a tlog tree (when it starts at position 0),
// its trailer's root, every checkpoint and every consistency proof it carries.
package main

import (
	"fmt"
	"os"
	"sort"

	"golang.org/x/mod/sumdb/tlog"
)

type memoryHashes []tlog.Hash

func (m *memoryHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		if index < 0 || index >= int64(len(*m)) {
			return nil, fmt.Errorf("stored hash %d not written", index)
		}
		out[i] = (*m)[index]
	}
	return out, nil
}

// buildTree stores the entries' hashes the way a sumdb server does, with tlog.StoredHashes:
// leaf hashes are tlog.RecordHash of the entry bytes, RFC 6962's SHA-256(0x00 || entry).
func (c *checker) buildTree(entries [][]byte) error {
	stored := &memoryHashes{}
	for n, entry := range entries {
		hashes, err := tlog.StoredHashes(int64(n), entry, stored)
		if err != nil {
			return err
		}
		*stored = append(*stored, hashes...)
	}
	c.tree, c.treeSize = stored, int64(len(entries))
	return nil
}

func (c *checker) checkBundle(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		fatal("%v", err)
	}
	b, err := parseBundle(data)
	if !c.result("bundle "+path+": framing and digest", err) {
		return
	}
	what := fmt.Sprintf("bundle %s: [%d, %d), %d checkpoints, %d proofs", path, b.first, b.end,
		len(b.notes), len(b.proofs))
	if b.first == 0 {
		err := c.buildTree(b.entries)
		var root tlog.Hash
		if err == nil {
			root, err = tlog.TreeHash(b.end, c.tree)
		}
		if err == nil && root != b.endRoot {
			err = fmt.Errorf("tlog.TreeHash of the entries gives %v, the trailer says %v", root,
				b.endRoot)
		}
		c.result(what+": trailer root is tlog.TreeHash of the entries", err)
	} else {
		c.result(what+fmt.Sprintf(": a range (%d prefix nodes); its entries are not rebuilt",
			b.prefixNodes), nil)
	}
	// The trailer's root is not signed: a range's proof from its end to the checkpoint past it
	// uses it as the old root, and that proof is what ties it to a signature (as in
	// `ledgerctl verify`). A checkpoint of the end's size must give the same root.
	c.roots[b.end] = b.endRoot
	for i, text := range b.transitions {
		how, err := c.checkTransition(text)
		c.result(fmt.Sprintf("bundle %s: key transition %d (%s)", path, i+1, how), err)
	}
	var sizes []int64
	for i, text := range b.notes {
		tree, err := c.openCheckpoint(text)
		what := fmt.Sprintf("bundle %s: checkpoint %d", path, i)
		if err == nil {
			sizes = append(sizes, tree.N)
			what += fmt.Sprintf(" (size %d, root %v)", tree.N, tree.Hash)
		}
		c.result(what, err)
	}
	linked := map[[2]int64]bool{}
	for _, p := range b.proofs {
		how, err := c.checkConsistency(p.proof, p.oldSize, p.newSize)
		linked[[2]int64{p.oldSize, p.newSize}] = err == nil
		c.result(fmt.Sprintf("bundle %s: consistency %d to %d (%d hashes)%s", path, p.oldSize,
			p.newSize, len(p.proof), how), err)
	}
	sort.Slice(sizes, func(i, j int) bool { return sizes[i] < sizes[j] })
	for i := 1; i < len(sizes); i++ {
		var err error
		if !linked[[2]int64{sizes[i-1], sizes[i]}] {
			err = fmt.Errorf("no verified consistency proof in the bundle")
		}
		c.result(fmt.Sprintf("bundle %s: checkpoints %d and %d linked", path, sizes[i-1],
			sizes[i]), err)
	}
}
