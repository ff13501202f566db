package hunspell

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// systemDicts is where Debian's hunspell-* packages install dictionaries.
const systemDicts = "/usr/share/hunspell/"

// runHunspell checks words with the hunspell command in pipe mode (-a),
// with the dictionary systemDicts+name. It returns the verdict for each
// word that hunspell read as exactly one token (others are left out).
func runHunspell(name string, words []string) (map[string]bool, error) {
	var in bytes.Buffer
	for _, w := range words {
		// "^" escapes the line: it is text, never a pipe-mode command.
		fmt.Fprintf(&in, "^%s\n", w)
	}
	cmd := exec.Command("hunspell", "-d", systemDicts+name, "-a")
	cmd.Stdin = &in
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("hunspell -d %s -a: %w", name, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !sc.Scan() { // version banner
		return nil, fmt.Errorf("hunspell: no output")
	}
	verdicts := map[string]bool{}
	i := 0
	var results []string
	for sc.Scan() {
		line := sc.Text()
		if line != "" {
			results = append(results, line)
			continue
		}
		if i >= len(words) {
			return nil, fmt.Errorf("hunspell: more results than words")
		}
		if len(results) == 1 {
			switch results[0][0] {
			case '*', '+', '-':
				verdicts[words[i]] = true
			case '&', '#':
				verdicts[words[i]] = false
			}
		}
		results = results[:0]
		i++
	}
	if i != len(words) {
		return nil, fmt.Errorf("hunspell: results for %d of %d words", i, len(words))
	}
	return verdicts, nil
}

// haveHunspell tells whether the hunspell command and the named system
// dictionary are installed, and why not.
func haveHunspell(name string) (bool, string) {
	if _, err := exec.LookPath("hunspell"); err != nil {
		return false, "the hunspell command is not installed (apt-get install hunspell)"
	}
	for _, ext := range []string{".aff", ".dic"} {
		if _, err := os.Stat(systemDicts + name + ext); err != nil {
			return false, fmt.Sprintf("%s%s%s is missing", systemDicts, name, ext)
		}
	}
	return true, ""
}

// readWordlist reads a comparison list: one word per line, optionally
// followed by a tab and hunspell's recorded verdict (+ or -).
func readWordlist(path string) (words []string, recorded map[string]bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	recorded = map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" {
			continue
		}
		w, v, ok := strings.Cut(line, "\t")
		words = append(words, w)
		if ok {
			recorded[w] = v == "+"
		}
	}
	return words, recorded, nil
}
