package appinfo

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseReadsTheProjectsFyneAppToml(t *testing.T) {
	data, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	info, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "Relais" || info.ID != "app.relais.desktop" || info.Version == "" || info.Build < 1 || !strings.HasPrefix(info.Website, "https://") {
		t.Errorf("read %+v", info)
	}
}

func TestParse(t *testing.T) {
	info, err := Parse([]byte("Website = \"https://example.org\"\n[Details]\n  Name = \"Relais\"\n  ID = \"app.relais.desktop\"\n  Version = \"2.3.4\"\n  Build = 17\n[LinuxAndBSD]\n  Comment = \"x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Name: "Relais", ID: "app.relais.desktop", Version: "2.3.4", Build: 17, Website: "https://example.org"}
	if info != want {
		t.Errorf("Parse = %+v; want %+v", info, want)
	}
	if info.String() != "Relais 2.3.4 (build 17)" {
		t.Errorf("String = %q", info.String())
	}
	info.Build = 0
	if info.String() != "Relais 2.3.4" {
		t.Errorf("String without a build = %q", info.String())
	}
	for _, bad := range []string{"[Details]\nName = \"Relais\"\nID = \"x\"\n", "Version = ", "[Details]\nVersion = 1\n"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) gives no error", bad)
		}
	}
}

// directRequires reads the modules go.mod requires directly.
func directRequires(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var mods []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "require ("):
			in = true
		case line == ")":
			in = false
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
			fallthrough
		case in && line != "" && !strings.Contains(line, "// indirect"):
			mods = append(mods, strings.Fields(line)[0])
		}
	}
	return mods
}

func TestPartsNameEveryDirectModuleWithItsLicenceText(t *testing.T) {
	parts := Parts("https://example.org")
	listed := map[string]Part{}
	for _, p := range parts {
		if !utf8.Valid(p.Text) {
			t.Errorf("%s: its licence text is not UTF-8", p.Name)
		}
		if len(p.Text) < 200 || p.Licence == "" || p.Name == "" || !strings.HasPrefix(p.URL, "http") {
			t.Errorf("%s: incomplete (%d bytes of licence, %q, %q)", p.Name, len(p.Text), p.Licence, p.URL)
		}
		if p.Kind == KindModule {
			listed[p.Name] = p
		}
	}
	required := directRequires(t)
	if len(required) < 10 {
		t.Fatalf("go.mod read wrong: %v", required)
	}
	for _, m := range required {
		if _, ok := listed[m]; !ok {
			t.Errorf("go.mod requires %s, which the About box does not list (add it to modules, its licence to assets/licenses/modules)", m)
		}
		delete(listed, m)
	}
	for m := range listed {
		t.Errorf("the About box lists %s, which go.mod does not require directly", m)
	}
}

func TestPartsCarryTheBundledDataLicences(t *testing.T) {
	want := map[string]string{ // a part's kind and licence → a phrase its text must hold
		KindApp + " GPL-3.0-or-later":          "GNU GENERAL PUBLIC LICENSE",
		KindDictionary + " MPL-2.0":            "Mozilla Public License",
		KindDictionary + " SCOWL (permissive)": "Kevin Atkinson",
		KindDictionary + " MIT":                "Copyright (c) 2016 C.J. Hutto",
		KindFont + " OFL-1.1":                  "SIL OPEN FONT LICENSE Version 1.1",
	}
	for _, p := range Parts("") {
		if phrase, ok := want[p.Kind+" "+p.Licence]; ok {
			if !strings.Contains(string(p.Text), phrase) {
				t.Errorf("%s: its licence text lacks %q", p.Name, phrase)
			}
			delete(want, p.Kind+" "+p.Licence)
		}
	}
	for k := range want {
		t.Errorf("no part %s", k)
	}
}
