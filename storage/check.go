package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// checkPages reads a bbolt file page by page, with ordinary reads and no
// memory map, and says whether bbolt could use it without reading outside
// the file, looping, or handing out a page still in use: the meta pages
// (magic, version, checksum), every page reachable from the root (in the
// file, of the right type, its elements inside the page, referenced once),
// and the freelist (in the file, and naming no reachable page).
//
// Everything it holds is bounded by the file's size: a page ID is checked
// against the file's page count before anything is read or allocated for
// it, so that a damaged file cannot make the check itself use more memory
// than the file's page count, or crash.
func checkPages(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file", path)
	}
	c := checker{f: f, size: info.Size()}
	return c.run()
}

// The on-disk format of bbolt (go.etcd.io/bbolt/internal/common), which
// is stable across its versions.
const (
	pageHeaderSize  = 16
	elemSize        = 16 // a branch or a leaf element
	bucketHeader    = 16 // root page ID and sequence
	flagBranch      = 0x01
	flagLeaf        = 0x02
	flagMeta        = 0x04
	flagFreelist    = 0x10
	leafFlagBucket  = 0x01
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	metaChecksumEnd = 56 // the bytes of a meta page's fields before its checksum
	noFreelist      = ^uint64(0)
	minPageSize     = 512
	maxPageSize     = 1 << 16
)

type meta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // the high water mark: pages in use are below it
	txid     uint64
}

type checker struct {
	f       *os.File
	size    int64
	meta    meta
	visited map[uint64]bool
	// bufs holds a page for each depth of the walk, reused: a page is
	// read while its parent's is still in use, never its grandchild's.
	bufs [maxDepth + 2][]byte
}

func (c *checker) run() error {
	if c.size < 2*minPageSize {
		return fmt.Errorf("the file is too short to be a database (%d bytes)", c.size)
	}
	m, err := c.readMeta()
	if err != nil {
		return err
	}
	c.meta = m
	pages := uint64(c.size) / uint64(m.pageSize)
	if m.pgid > pages || m.pgid < 2 {
		return fmt.Errorf("the file is cut short: it should hold %d pages of %d bytes, it holds %d bytes", m.pgid, m.pageSize, c.size)
	}
	c.visited = make(map[uint64]bool)
	c.visited[0], c.visited[1] = true, true
	if err := c.walkBucketRoot(m.root, nil, 0); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		return c.checkFreelist(m.freelist)
	}
	return nil
}

// readMeta reads both meta pages and keeps the valid one with the highest
// transaction, as bbolt does.
func (c *checker) readMeta() (meta, error) {
	var found []meta
	var firstErr error
	// The second meta page sits one page after the first; the page size
	// is in the first one, or, when that one is damaged, is the default.
	offsets := []int64{0}
	m0, err := c.metaAt(0)
	if err == nil {
		found = append(found, m0)
		offsets = append(offsets, int64(m0.pageSize))
	} else {
		firstErr = err
		for _, size := range []int64{4096, 512, 1024, 2048, 8192, 16384, 32768, 65536} {
			offsets = append(offsets, size)
		}
	}
	for _, off := range offsets[1:] {
		if m, err := c.metaAt(off); err == nil && int64(m.pageSize) == off {
			found = append(found, m)
			break
		}
	}
	if len(found) == 0 {
		return meta{}, fmt.Errorf("no valid meta page: %w", firstErr)
	}
	best := found[0]
	for _, m := range found[1:] {
		if m.txid > best.txid {
			best = m
		}
	}
	return best, nil
}

func (c *checker) metaAt(off int64) (meta, error) {
	b := make([]byte, pageHeaderSize+64)
	if _, err := c.f.ReadAt(b, off); err != nil {
		return meta{}, fmt.Errorf("reading the meta page at %d: %w", off, err)
	}
	le := binary.LittleEndian
	if le.Uint16(b[8:])&flagMeta == 0 {
		return meta{}, fmt.Errorf("the page at %d is not a meta page", off)
	}
	fields := b[pageHeaderSize:]
	h := fnv.New64a()
	h.Write(fields[:metaChecksumEnd])
	if le.Uint32(fields[0:]) != boltMagic || le.Uint32(fields[4:]) != boltVersion {
		return meta{}, fmt.Errorf("the page at %d is not a bbolt meta page", off)
	}
	if h.Sum64() != le.Uint64(fields[metaChecksumEnd:]) {
		return meta{}, fmt.Errorf("the meta page at %d has a wrong checksum", off)
	}
	m := meta{
		pageSize: le.Uint32(fields[8:]),
		root:     le.Uint64(fields[16:]),
		freelist: le.Uint64(fields[32:]),
		pgid:     le.Uint64(fields[40:]),
		txid:     le.Uint64(fields[48:]),
	}
	if m.pageSize < minPageSize || m.pageSize > maxPageSize || m.pageSize&(m.pageSize-1) != 0 {
		return meta{}, fmt.Errorf("the meta page at %d gives a page size of %d", off, m.pageSize)
	}
	return m, nil
}

// page reads page id and its overflow pages, after checking that all of
// them are below the high water mark, so in the file.
func (c *checker) page(id uint64, depth int) ([]byte, error) {
	if id < 2 || id >= c.meta.pgid {
		return nil, fmt.Errorf("page %d is outside the file (%d pages)", id, c.meta.pgid)
	}
	size := int64(c.meta.pageSize)
	head := make([]byte, pageHeaderSize)
	if _, err := c.f.ReadAt(head, int64(id)*size); err != nil {
		return nil, fmt.Errorf("reading page %d: %w", id, err)
	}
	le := binary.LittleEndian
	if got := le.Uint64(head); got != id {
		return nil, fmt.Errorf("page %d says it is page %d", id, got)
	}
	overflow := uint64(le.Uint32(head[12:]))
	if overflow >= c.meta.pgid-id {
		return nil, fmt.Errorf("page %d runs past the end of the file (%d more pages)", id, overflow)
	}
	n := int((1 + overflow) * uint64(size))
	if cap(c.bufs[depth]) < n {
		c.bufs[depth] = make([]byte, n)
	}
	b := c.bufs[depth][:n]
	if _, err := c.f.ReadAt(b, int64(id)*size); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading page %d: %w", id, err)
	}
	for i := uint64(0); i <= overflow; i++ {
		if c.visited[id+i] {
			return nil, fmt.Errorf("page %d is used twice", id+i)
		}
		c.visited[id+i] = true
	}
	return b, nil
}

// maxDepth bounds the nesting of pages and buckets: bbolt's trees are a
// few levels deep; a deeper one is a loop a damaged page made.
const maxDepth = 64

// walkBucketRoot checks the tree of a bucket: its root page, or, for an
// inline bucket (root 0), the page held in its value.
func (c *checker) walkBucketRoot(root uint64, inline []byte, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("buckets nested deeper than %d", maxDepth)
	}
	if root == 0 {
		if inline == nil {
			return fmt.Errorf("the root bucket is inline")
		}
		return c.walkPage(inline, 0, true, depth)
	}
	b, err := c.page(root, depth)
	if err != nil {
		return err
	}
	return c.walkPage(b, root, false, depth)
}

// walkPage checks the elements of one branch or leaf page (b holds it and
// its overflow) and goes down into its children and sub-buckets.
func (c *checker) walkPage(b []byte, id uint64, inline bool, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("page %d: the tree is deeper than %d", id, maxDepth)
	}
	if len(b) < pageHeaderSize {
		return fmt.Errorf("page %d is cut short", id)
	}
	le := binary.LittleEndian
	flags := le.Uint16(b[8:])
	count := int(le.Uint16(b[10:]))
	if pageHeaderSize+count*elemSize > len(b) {
		return fmt.Errorf("page %d holds more elements (%d) than fit in it", id, count)
	}
	switch {
	case flags == flagBranch && !inline:
		for i := 0; i < count; i++ {
			e := b[pageHeaderSize+i*elemSize:]
			pos, ksize := int(le.Uint32(e)), int(le.Uint32(e[4:]))
			if err := inPage(b, pageHeaderSize+i*elemSize, pos, ksize, 0); err != nil {
				return fmt.Errorf("page %d, element %d: %w", id, i, err)
			}
			child, err := c.page(le.Uint64(e[8:]), depth+1)
			if err != nil {
				return fmt.Errorf("page %d, element %d: %w", id, i, err)
			}
			if err := c.walkPage(child, le.Uint64(e[8:]), false, depth+1); err != nil {
				return err
			}
		}
		return nil
	case flags == flagLeaf:
		for i := 0; i < count; i++ {
			at := pageHeaderSize + i*elemSize
			e := b[at:]
			elemFlags := le.Uint32(e)
			pos, ksize, vsize := int(le.Uint32(e[4:])), int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
			if err := inPage(b, at, pos, ksize, vsize); err != nil {
				return fmt.Errorf("page %d, element %d: %w", id, i, err)
			}
			if elemFlags&leafFlagBucket == 0 {
				continue
			}
			value := b[at+pos+ksize : at+pos+ksize+vsize]
			if len(value) < bucketHeader {
				return fmt.Errorf("page %d, element %d: a bucket's value is cut short", id, i)
			}
			if err := c.walkBucketRoot(le.Uint64(value), value[bucketHeader:], depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("page %d is neither a branch nor a leaf (flags %#x)", id, flags)
}

// inPage says whether an element's key and value, at pos from the element
// at elemAt, lie inside the page.
func inPage(b []byte, elemAt, pos, ksize, vsize int) error {
	end := elemAt + pos + ksize + vsize
	if pos < 0 || ksize < 0 || vsize < 0 || end < elemAt || end > len(b) {
		return fmt.Errorf("its key and value run past the page")
	}
	return nil
}

// checkFreelist checks that the freelist page is in the file, and that
// every page it says is free is in the file and not in use.
func (c *checker) checkFreelist(id uint64) error {
	b, err := c.page(id, 0)
	if err != nil {
		return fmt.Errorf("the freelist: %w", err)
	}
	le := binary.LittleEndian
	if le.Uint16(b[8:])&flagFreelist == 0 {
		return fmt.Errorf("the freelist page %d is not a freelist", id)
	}
	count, start := uint64(le.Uint16(b[10:])), pageHeaderSize
	if count == 0xFFFF {
		count, start = le.Uint64(b[pageHeaderSize:]), pageHeaderSize+8
	}
	if count > uint64(len(b)-start)/8 {
		return fmt.Errorf("the freelist says it holds %d pages, more than fit in it", count)
	}
	for i := uint64(0); i < count; i++ {
		free := le.Uint64(b[start+int(i)*8:])
		if free < 2 || free >= c.meta.pgid {
			return fmt.Errorf("the freelist names page %d, outside the file", free)
		}
		if c.visited[free] {
			return fmt.Errorf("the freelist says page %d is free, but it is in use", free)
		}
	}
	return nil
}
