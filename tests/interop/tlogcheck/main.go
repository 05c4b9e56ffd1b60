// tlogcheck verifies the trajectory ledger's signed notes, inclusion and consistency proofs,
// receipts and export bundles with Go's reference packages golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog, and none of the project's code. Where the entries are at hand
// (a bundle from position 0), it also rebuilds the tree with tlog and requires every proof to
// be hash for hash the one tlog.ProveRecord / tlog.ProveTree gives.
//
//	tlogcheck -key ledger.pub [-bundle B] [-note N]... [-inclusion P]... [-consistency P]...
//	          [-receipt R]... [-witness W... -cosigned N...]
//
// -cosigned opens a note with the log's key and requires a valid C2SP tlog-cosignature v1 line
// by every -witness key in it (cosign.go: crypto/ed25519, as x/mod has no cosignature
// verifier).
//
// One line per check on stdout ("ok" or "FAIL"); exit 0 when every check passed, 1 when any
// failed, 2 on bad usage or an unreadable file. Run by tests/interop/run_go_interop.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

type checker struct {
	verifier note.Verifier // The -key given: the first key, unless a key history says more.
	epochs   []epoch       // Keys handed over to by the key transitions read (keys.go).
	roots    map[int64]tlog.Hash // size -> root of every checkpoint that verified.
	tree     tlog.HashReader     // the tree rebuilt from a bundle's entries, or nil.
	treeSize int64
	passed   int
	failed   int
}

func (c *checker) result(what string, err error) bool {
	if err != nil {
		c.failed++
		fmt.Printf("FAIL %s: %v\n", what, err)
		return false
	}
	c.passed++
	fmt.Printf("ok   %s\n", what)
	return true
}

// openCheckpoint opens a signed note with note.Open and reads its body as a C2SP
// tlog-checkpoint (origin, size, base64 root). Lines 2 and 3 are the layout of sumdb's own
// tree note, so the body with its origin replaced by sumdb's must parse with tlog.ParseTree
// to the same size and root.
func (c *checker) openCheckpoint(text string) (tlog.Tree, error) {
	// The key of the size the body states (keys.go); the signature check follows.
	claimed := strings.SplitN(text, "\n", 3)
	size := int64(0)
	if len(claimed) == 3 {
		size, _ = strconv.ParseInt(claimed[1], 10, 64)
	}
	verifier := c.verifierFor(size)
	n, err := note.Open([]byte(text), note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("note.Open: %v", err)
	}
	if len(n.Sigs) == 0 {
		return tlog.Tree{}, fmt.Errorf("note.Open: no verified signature")
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] == "" {
		return tlog.Tree{}, fmt.Errorf("checkpoint body %q: not origin, size, root", n.Text)
	}
	if lines[0] != verifier.Name() {
		return tlog.Tree{}, fmt.Errorf("origin %q is not the key's name %q (C2SP)", lines[0],
			verifier.Name())
	}
	tree, err := tlog.ParseTree([]byte("go.sum database tree\n" + lines[1] + "\n" + lines[2] + "\n"))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("tlog.ParseTree of the size and root lines: %v", err)
	}
	if root, seen := c.roots[tree.N]; seen && root != tree.Hash {
		return tlog.Tree{}, fmt.Errorf("two roots for size %d: %v and %v", tree.N, root, tree.Hash)
	}
	if c.tree != nil && tree.N <= c.treeSize {
		rebuilt, err := tlog.TreeHash(tree.N, c.tree)
		if err != nil || rebuilt != tree.Hash {
			return tlog.Tree{}, fmt.Errorf("tlog.TreeHash of the entries gives %v, signed %v",
				rebuilt, tree.Hash)
		}
	}
	c.roots[tree.N] = tree.Hash
	return tree, nil
}

func (c *checker) checkNote(text, what string) {
	tree, err := c.openCheckpoint(text)
	if err == nil {
		what += fmt.Sprintf(" (size %d, root %v)", tree.N, tree.Hash)
	}
	c.result("note "+what, err)
}

// sameAs compares a proof with the one tlog generates from the rebuilt tree.
func sameAs(got []tlog.Hash, want []tlog.Hash, err error) error {
	if err != nil {
		return err
	}
	if len(got) != len(want) {
		return fmt.Errorf("%d hashes, tlog gives %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			return fmt.Errorf("hash %d is %v, tlog gives %v", i, got[i], want[i])
		}
	}
	return nil
}

// checkInclusion runs tlog.CheckRecord against the verified root of `size` and, where the
// tree was rebuilt, compares the proof with tlog.ProveRecord's. The string says which ran.
func (c *checker) checkInclusion(proof tlog.RecordProof, size, index int64,
	leaf tlog.Hash) (string, error) {
	root, ok := c.roots[size]
	if !ok {
		return "", fmt.Errorf("no verified checkpoint of size %d", size)
	}
	if err := tlog.CheckRecord(proof, size, root, index, leaf); err != nil {
		return "", fmt.Errorf("tlog.CheckRecord: %v", err)
	}
	if c.tree != nil && size <= c.treeSize {
		want, err := tlog.ProveRecord(size, index, c.tree)
		return " (tlog.CheckRecord; = tlog.ProveRecord)", sameAs(proof, want, err)
	}
	return " (tlog.CheckRecord)", nil
}

// checkConsistency is checkInclusion's counterpart: tlog.CheckTree, and tlog.ProveTree's proof.
func (c *checker) checkConsistency(proof tlog.TreeProof, oldSize, newSize int64) (string, error) {
	oldRoot, okOld := c.roots[oldSize]
	newRoot, okNew := c.roots[newSize]
	if !okOld || !okNew {
		return "", fmt.Errorf("no verified checkpoints of both sizes %d and %d", oldSize, newSize)
	}
	if err := tlog.CheckTree(proof, newSize, newRoot, oldSize, oldRoot); err != nil {
		return "", fmt.Errorf("tlog.CheckTree: %v", err)
	}
	if c.tree != nil && newSize <= c.treeSize {
		want, err := tlog.ProveTree(newSize, oldSize, c.tree)
		return " (tlog.CheckTree; = tlog.ProveTree)", sameAs(proof, want, err)
	}
	return " (tlog.CheckTree)", nil
}

func (c *checker) leaf(index int64) (tlog.Hash, error) {
	if c.tree == nil || index >= c.treeSize {
		return tlog.Hash{}, fmt.Errorf("entry %d is not in the bundle given (-bundle)", index)
	}
	hashes, err := c.tree.ReadHashes([]int64{tlog.StoredHashIndex(0, index)})
	if err != nil {
		return tlog.Hash{}, err
	}
	return hashes[0], nil
}

func fatal(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	os.Exit(2)
}

func read(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		fatal("%v", err)
	}
	return string(data)
}

func main() {
	var notes, inclusions, consistencies, receipts, witnessFiles, cosigned files
	key := flag.String("key", "", "the log's verifier key file (one line)")
	bundlePath := flag.String("bundle", "", "an export bundle (ledgerctl export)")
	flag.Var(&notes, "note", "a signed checkpoint note (repeatable)")
	flag.Var(&inclusions, "inclusion", "`ledgerctl prove inclusion` output (repeatable)")
	flag.Var(&consistencies, "consistency", "`ledgerctl prove consistency` output (repeatable)")
	flag.Var(&receipts, "receipt", "a receipt (ledgerctl receipt; repeatable)")
	flag.Var(&witnessFiles, "witness", "a witness's verifier key file (repeatable)")
	flag.Var(&cosigned, "cosigned", "a checkpoint note every -witness must have cosigned")
	flag.Parse()
	if *key == "" || flag.NArg() != 0 {
		fatal("usage: tlogcheck -key FILE [-bundle B] [-note N]... [-inclusion P]... " +
			"[-consistency P]... [-receipt R]... [-witness W... -cosigned N...]")
	}
	verifier, err := note.NewVerifier(strings.TrimSuffix(read(*key), "\n"))
	if err != nil {
		fatal("note.NewVerifier(%s): %v", *key, err)
	}
	c := &checker{verifier: verifier, roots: map[int64]tlog.Hash{}}
	if *bundlePath != "" {
		c.checkBundle(*bundlePath)
	}
	for _, path := range notes {
		c.checkNote(read(path), path)
	}
	for _, path := range inclusions {
		c.checkProofListing(path, "inclusion")
	}
	for _, path := range consistencies {
		c.checkProofListing(path, "consistency")
	}
	for _, path := range receipts {
		c.checkReceipt(path)
	}
	var witnesses []witnessKey
	for _, path := range witnessFiles {
		w, err := parseWitnessKey(read(path))
		if err != nil {
			fatal("witness key %s: %v", path, err)
		}
		witnesses = append(witnesses, w)
	}
	for _, path := range cosigned {
		c.checkCosigned(read(path), path, witnesses)
	}
	if c.failed > 0 || c.passed == 0 {
		fmt.Printf("tlogcheck: %d of %d checks FAILED\n", c.failed, c.failed+c.passed)
		os.Exit(1)
	}
	fmt.Printf("tlogcheck: all %d checks passed\n", c.passed)
}

func (c *checker) checkProofListing(path, kind string) {
	p, err := parseProofListing(read(path), kind)
	if err != nil {
		c.result(kind+" "+path, err)
		return
	}
	if _, err := c.openCheckpoint(p.note); err != nil {
		c.result(kind+" "+path+": its checkpoint", err)
		return
	}
	if kind == "inclusion" {
		what := fmt.Sprintf("inclusion %s: index %d in size %d", path, p.a, p.b)
		leaf, err := c.leaf(p.a)
		how := ""
		if err == nil {
			how, err = c.checkInclusion(p.hashes, p.b, p.a, leaf)
		}
		c.result(what+how, err)
		return
	}
	what := fmt.Sprintf("consistency %s: size %d to %d", path, p.a, p.b)
	how, err := c.checkConsistency(p.hashes, p.a, p.b)
	c.result(what+how, err)
}

func (c *checker) checkReceipt(path string) {
	r, err := parseReceipt(read(path))
	if err != nil {
		c.result("receipt "+path, err)
		return
	}
	what := "receipt " + path + ": position " + strconv.FormatInt(r.position, 10)
	tree, err := c.openCheckpoint(r.note)
	if err == nil && tree.N != r.treeSize {
		err = fmt.Errorf("says tree size %d, its checkpoint is of size %d", r.treeSize, tree.N)
	}
	how := ""
	if err == nil {
		how, err = c.checkInclusion(r.inclusion, r.treeSize, r.position, tlog.RecordHash(r.entry))
	}
	c.result(what+how, err)
}
