// The log's key history (ledger/integrity/key_history.h), checked with note.Open alone: each
// key transition names the previous and the next key in its body and must carry a verified
// signature of both; it must hand over from the key that signs at that point (the chain starts
// at the -key given), and from its from-size on, checkpoints are opened with the next key only.
package main

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

const keyTransitionHeader = "trajectory-ledger key transition 1"

type epoch struct {
	from     int64
	verifier note.Verifier
}

// verifierFor is the key that signs checkpoints of `size`: the last epoch starting at or
// below it, or the -key given when no transition was read.
func (c *checker) verifierFor(size int64) note.Verifier {
	v := c.verifier
	for _, e := range c.epochs {
		if e.from <= size {
			v = e.verifier
		}
	}
	return v
}

// checkTransition opens one transition with the two keys its body names, requires both to
// have signed it and the previous key to be the one signing now, and appends the next key's
// epoch.
func (c *checker) checkTransition(text string) (string, error) {
	body, _, ok := strings.Cut(text, "\n\n")
	if !ok {
		return "", fmt.Errorf("no blank line before the signatures")
	}
	lines := strings.Split(body, "\n")
	if len(lines) != 5 || lines[0] != keyTransitionHeader ||
		!strings.HasPrefix(lines[2], "from-size ") || !strings.HasPrefix(lines[3], "previous ") ||
		!strings.HasPrefix(lines[4], "next ") {
		return "", fmt.Errorf("body %q is not a key transition", body)
	}
	from, err := strconv.ParseInt(strings.TrimPrefix(lines[2], "from-size "), 10, 64)
	if err != nil {
		return "", fmt.Errorf("from-size: %v", err)
	}
	previousText := strings.TrimPrefix(lines[3], "previous ")
	nextText := strings.TrimPrefix(lines[4], "next ")
	previous, err := note.NewVerifier(previousText)
	if err != nil {
		return "", fmt.Errorf("note.NewVerifier(previous): %v", err)
	}
	next, err := note.NewVerifier(nextText)
	if err != nil {
		return "", fmt.Errorf("note.NewVerifier(next): %v", err)
	}
	n, err := note.Open([]byte(text), note.VerifierList(previous, next))
	if err != nil {
		return "", fmt.Errorf("note.Open: %v", err)
	}
	if len(n.Sigs) != 2 {
		return "", fmt.Errorf("note.Open verified %d signatures, a transition needs both keys'",
			len(n.Sigs))
	}
	current := c.verifierFor(from)
	if current.Name() != previous.Name() || current.KeyHash() != previous.KeyHash() {
		return "", fmt.Errorf("it hands over from key %08x, the key signing at size %d is %08x",
			previous.KeyHash(), from, current.KeyHash())
	}
	if len(c.epochs) > 0 && from < c.epochs[len(c.epochs)-1].from {
		return "", fmt.Errorf("from-size %d goes back", from)
	}
	c.epochs = append(c.epochs, epoch{from: from, verifier: next})
	return fmt.Sprintf("%08x -> %08x from size %d", previous.KeyHash(), next.KeyHash(), from), nil
}
