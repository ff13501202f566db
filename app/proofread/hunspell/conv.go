package hunspell

import (
	"sort"
	"strings"
)

// convTable is an ICONV or OCONV table: at each position of a word the
// longest matching pattern is replaced.
type convTable struct {
	byFirst map[byte][]convPair // sorted by decreasing pattern length
}

type convPair struct{ from, to string }

func (t *convTable) add(from, to string) {
	if from == "" {
		return
	}
	if t.byFirst == nil {
		t.byFirst = map[byte][]convPair{}
	}
	list := append(t.byFirst[from[0]], convPair{from, to})
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].from) > len(list[j].from) })
	t.byFirst[from[0]] = list
}

// convert applies the table to s.
func (t *convTable) convert(s string) string {
	if t == nil || len(t.byFirst) == 0 {
		return s
	}
	var sb *strings.Builder
	last := 0
	for i := 0; i < len(s); {
		matched := false
		for _, p := range t.byFirst[s[i]] {
			if strings.HasPrefix(s[i:], p.from) {
				if sb == nil {
					sb = &strings.Builder{}
					sb.Grow(len(s))
				}
				sb.WriteString(s[last:i])
				sb.WriteString(p.to)
				i += len(p.from)
				last = i
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if sb == nil {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// repEntry is a REP rule: replace from by to, possibly only at the start or
// the end of the word.
type repEntry struct {
	from, to   string
	start, end bool // ^ and $ anchors
}

// parseRep reads the two fields of a REP line ("_" stands for a space).
func parseRep(from, to string) repEntry {
	e := repEntry{}
	if strings.HasPrefix(from, "^") && len(from) > 1 {
		e.start = true
		from = from[1:]
	}
	if strings.HasSuffix(from, "$") && len(from) > 1 {
		e.end = true
		from = from[:len(from)-1]
	}
	e.from = strings.ReplaceAll(from, "_", " ")
	e.to = strings.ReplaceAll(to, "_", " ")
	return e
}
