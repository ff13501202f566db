// Package s3hosttest is a fake S3-compatible storage for tests: buckets
// in memory, served over net/http/httptest, that checks every request's
// AWS Signature Version 4 as S3 does — in the Authorization header, in a
// presigned URL's query (refused once expired), and in each chunk of a
// streamed upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) — so that a wrong
// secret key, a clock too far off or an expired URL fail as they would
// against AWS, Scaleway or MinIO. It answers with S3's XML error codes.
package s3hosttest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is a fake S3 storage.
type Server struct {
	*httptest.Server
	// AccessKey and SecretKey are the one key pair it accepts; Region the
	// region signatures must name.
	AccessKey, SecretKey, Region string
	// HostBase is the host name a virtual-hosted bucket is a sub-domain
	// of ("s3.test": bucket.s3.test); any other host is path-style.
	HostBase string

	mu      sync.Mutex
	now     func() time.Time
	buckets map[string]map[string]object
	public  map[string]bool
	log     []string
}

type object struct {
	data        []byte
	contentType string
	modified    time.Time
}

// New starts a fake storage with the given buckets, empty, and stops it
// at the test's end.
func New(t interface{ Cleanup(func()) }, buckets ...string) *Server {
	s := &Server{
		AccessKey: "AKIAFAKERELAIS0001",
		SecretKey: "fake/secret+key/0123456789abcdefghijklmn",
		Region:    "fr-par",
		HostBase:  "s3.test",
		now:       time.Now,
		buckets:   make(map[string]map[string]object),
		public:    make(map[string]bool),
	}
	for _, b := range buckets {
		s.buckets[b] = make(map[string]object)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// SetClock makes the server tell the time with now.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetPublicListing lets anyone list the bucket without signing.
func (s *Server) SetPublicListing(bucket string, public bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.public[bucket] = public
}

// Put stores an object as if it had been stored at modified.
func (s *Server) Put(bucket, key string, data []byte, modified time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buckets[bucket][key] = object{data: data, modified: modified}
}

// Object returns an object's bytes and content type.
func (s *Server) Object(bucket, key string) (data []byte, contentType string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.buckets[bucket][key]
	return o.data, o.contentType, ok
}

// Keys returns a bucket's keys, sorted.
func (s *Server) Keys(bucket string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for k := range s.buckets[bucket] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Log returns the requests served, as "METHOD bucket/key -> status code".
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// Transport sends every request to the server whatever its host, so
// that bucket.s3.test reaches it.
func (s *Server) Transport() *http.Transport {
	addr := s.Listener.Addr().String()
	return &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
}

// Endpoint is the server's URL under the host HostBase, for
// virtual-hosted buckets (with Transport).
func (s *Server) Endpoint() string {
	_, port, _ := net.SplitHostPort(s.Listener.Addr().String())
	return "http://" + s.HostBase + ":" + port
}

// s3Error is S3's error document.
type s3Error struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string
	Message   string
	Resource  string `xml:",omitempty"`
	RequestID string `xml:"RequestId"`
	status    int
}

func (e *s3Error) Error() string { return e.Code + ": " + e.Message }

func fail(status int, code, msg string) *s3Error {
	return &s3Error{Code: code, Message: msg, status: status}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	bucket, key := s.address(r)
	status, err := s.handle(w, r, bucket, key)
	if err != nil {
		var e *s3Error
		if !errors.As(err, &e) {
			e = fail(http.StatusInternalServerError, "InternalError", err.Error())
		}
		e.Resource, e.RequestID = r.URL.Path, "FAKE0001"
		status = e.status
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(e.status)
		if r.Method != http.MethodHead {
			io.WriteString(w, xml.Header)
			xml.NewEncoder(w).Encode(e)
		}
		err = e
	}
	line := fmt.Sprintf("%s %s/%s -> %d", r.Method, bucket, key, status)
	if err != nil {
		line += " " + err.(*s3Error).Code
	}
	s.mu.Lock()
	s.log = append(s.log, line)
	s.mu.Unlock()
}

// address reads the bucket and key, virtual-hosted or path-style.
func (s *Server) address(r *http.Request) (bucket, key string) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	path := strings.TrimPrefix(r.URL.Path, "/")
	if b, ok := strings.CutSuffix(host, "."+s.HostBase); ok {
		return b, path
	}
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request, bucket, key string) (int, error) {
	s.mu.Lock()
	now := s.now()
	_, exists := s.buckets[bucket]
	public := s.public[bucket]
	s.mu.Unlock()
	anonymous := r.Header.Get("Authorization") == "" && r.URL.Query().Get("X-Amz-Signature") == ""
	var body []byte
	var err error
	switch {
	case anonymous && public && r.Method == http.MethodGet && key == "":
	case anonymous:
		return 0, fail(http.StatusForbidden, "AccessDenied", "Access Denied")
	default:
		if body, err = s.authenticate(r, now); err != nil {
			return 0, err
		}
	}
	if !exists {
		return 0, fail(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
	}
	switch {
	case key == "" && r.Method == http.MethodGet && r.URL.Query().Has("location"):
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `%s<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">%s</LocationConstraint>`, xml.Header, s.Region)
		return http.StatusOK, nil
	case key == "" && (r.Method == http.MethodGet):
		return http.StatusOK, s.list(w, r, bucket)
	case key == "" && r.Method == http.MethodHead:
		return http.StatusOK, nil
	case key == "":
		return 0, fail(http.StatusNotImplemented, "NotImplemented", "Not implemented by the fake")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	objects := s.buckets[bucket]
	switch r.Method {
	case http.MethodPut:
		objects[key] = object{data: body, contentType: r.Header.Get("Content-Type"), modified: now}
		sum := sha256.Sum256(body)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
		return http.StatusOK, nil
	case http.MethodGet, http.MethodHead:
		o, ok := objects[key]
		if !ok {
			return 0, fail(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		}
		if o.contentType != "" {
			w.Header().Set("Content-Type", o.contentType)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(o.data)))
		w.Header().Set("Last-Modified", o.modified.UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			w.Write(o.data)
		}
		return http.StatusOK, nil
	case http.MethodDelete:
		delete(objects, key)
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent, nil
	}
	return 0, fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
}

// list answers ListObjectsV2 (and V1) with every key under the prefix,
// in one page.
func (s *Server) list(w http.ResponseWriter, r *http.Request, bucket string) error {
	prefix := r.URL.Query().Get("prefix")
	type content struct {
		Key          string
		LastModified string
		ETag         string
		Size         int
		StorageClass string
	}
	result := struct {
		XMLName     xml.Name `xml:"ListBucketResult"`
		Xmlns       string   `xml:"xmlns,attr"`
		Name        string
		Prefix      string
		KeyCount    int
		MaxKeys     int
		IsTruncated bool
		Contents    []content
	}{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Name: bucket, Prefix: prefix, MaxKeys: 1000}
	s.mu.Lock()
	for _, k := range s.keysLocked(bucket) {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		o := s.buckets[bucket][k]
		sum := sha256.Sum256(o.data)
		result.Contents = append(result.Contents, content{Key: k, LastModified: o.modified.UTC().Format("2006-01-02T15:04:05.000Z"),
			ETag: `"` + hex.EncodeToString(sum[:16]) + `"`, Size: len(o.data), StorageClass: "STANDARD"})
	}
	s.mu.Unlock()
	result.KeyCount = len(result.Contents)
	w.Header().Set("Content-Type", "application/xml")
	io.WriteString(w, xml.Header)
	return xml.NewEncoder(w).Encode(result)
}

func (s *Server) keysLocked(bucket string) []string {
	var keys []string
	for k := range s.buckets[bucket] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const (
	algorithm       = "AWS4-HMAC-SHA256"
	unsignedPayload = "UNSIGNED-PAYLOAD"
	streaming       = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	amzDateFormat   = "20060102T150405Z"
	maxSkew         = 15 * time.Minute
)

// authenticate checks the request's signature, in its header or its
// query, and returns its body (decoded from chunks when streamed).
func (s *Server) authenticate(r *http.Request, now time.Time) ([]byte, error) {
	q := r.URL.Query()
	presigned := q.Get("X-Amz-Signature") != ""
	var credential, signedHeaders, signature, amzDate, payloadHash string
	if presigned {
		if q.Get("X-Amz-Algorithm") != algorithm {
			return nil, fail(http.StatusBadRequest, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
		}
		credential, signedHeaders, signature, amzDate = q.Get("X-Amz-Credential"), q.Get("X-Amz-SignedHeaders"), q.Get("X-Amz-Signature"), q.Get("X-Amz-Date")
		payloadHash = unsignedPayload
	} else {
		auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), algorithm+" ")
		if !ok {
			return nil, fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed")
		}
		for part := range strings.SplitSeq(auth, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch k {
			case "Credential":
				credential = v
			case "SignedHeaders":
				signedHeaders = v
			case "Signature":
				signature = v
			}
		}
		amzDate = r.Header.Get("X-Amz-Date")
		payloadHash = r.Header.Get("X-Amz-Content-Sha256")
		if payloadHash == "" {
			return nil, fail(http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
		}
	}
	scope := strings.SplitN(credential, "/", 2)
	if len(scope) != 2 {
		return nil, fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The Credential is malformed")
	}
	if scope[0] != s.AccessKey {
		return nil, fail(http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
	}
	date, err := time.Parse(amzDateFormat, amzDate)
	if err != nil {
		return nil, fail(http.StatusForbidden, "AccessDenied", "X-Amz-Date must be in the ISO8601 Long Format")
	}
	parts := strings.Split(scope[1], "/")
	if len(parts) != 4 || parts[0] != date.Format("20060102") || parts[2] != "s3" || parts[3] != "aws4_request" {
		return nil, fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The Credential's scope is malformed")
	}
	if parts[1] != s.Region {
		return nil, fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", fmt.Sprintf("the region '%s' is wrong; expecting '%s'", parts[1], s.Region))
	}
	if presigned {
		expires, err := strconv.Atoi(q.Get("X-Amz-Expires"))
		if err != nil || expires < 1 || expires > 604800 {
			return nil, fail(http.StatusBadRequest, "AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds")
		}
		if now.After(date.Add(time.Duration(expires) * time.Second)) {
			return nil, fail(http.StatusForbidden, "AccessDenied", "Request has expired")
		}
		if date.After(now.Add(maxSkew)) {
			return nil, fail(http.StatusForbidden, "AccessDenied", "Request is not valid yet")
		}
	} else if d := now.Sub(date); d > maxSkew || d < -maxSkew {
		return nil, fail(http.StatusForbidden, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
	}
	canonical, err := canonicalRequest(r, signedHeaders, payloadHash, presigned)
	if err != nil {
		return nil, err
	}
	key := signingKey(s.SecretKey, parts[0], parts[1])
	want := hmacHex(key, algorithm+"\n"+amzDate+"\n"+scope[1]+"\n"+sha256Hex([]byte(canonical)))
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return nil, fail(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	switch payloadHash {
	case unsignedPayload:
		return body, nil
	case streaming:
		return decodeChunks(body, key, amzDate, scope[1], signature)
	}
	if sha256Hex(body) != payloadHash {
		return nil, fail(http.StatusBadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return body, nil
}

// decodeChunks reads an aws-chunked body, checking each chunk's
// signature, chained from the request's.
func decodeChunks(body, key []byte, amzDate, scope, previous string) ([]byte, error) {
	var out bytes.Buffer
	br := bufio.NewReader(bytes.NewReader(body))
	emptyHash := sha256Hex(nil)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, fail(http.StatusBadRequest, "IncompleteBody", "The chunked body ended early")
		}
		sizeHex, sig, ok := strings.Cut(strings.TrimRight(line, "\r\n"), ";chunk-signature=")
		size, err := strconv.ParseInt(sizeHex, 16, 64)
		if !ok || err != nil || size < 0 {
			return nil, fail(http.StatusBadRequest, "InvalidChunkSizeError", "A chunk's header is malformed")
		}
		chunk := make([]byte, size)
		if _, err := io.ReadFull(br, chunk); err != nil {
			return nil, fail(http.StatusBadRequest, "IncompleteBody", "A chunk is shorter than its size")
		}
		want := hmacHex(key, "AWS4-HMAC-SHA256-PAYLOAD\n"+amzDate+"\n"+scope+"\n"+previous+"\n"+emptyHash+"\n"+sha256Hex(chunk))
		if !hmac.Equal([]byte(want), []byte(sig)) {
			return nil, fail(http.StatusForbidden, "SignatureDoesNotMatch", "A chunk's signature does not match.")
		}
		previous = sig
		if crlf, _ := br.ReadString('\n'); crlf != "\r\n" {
			return nil, fail(http.StatusBadRequest, "IncompleteBody", "A chunk does not end with CRLF")
		}
		if size == 0 {
			return out.Bytes(), nil
		}
		out.Write(chunk)
	}
}

// canonicalRequest is SigV4's canonical form of the request.
func canonicalRequest(r *http.Request, signedHeaders, payloadHash string, presigned bool) (string, error) {
	var query []string
	for k, vs := range r.URL.Query() {
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		for _, v := range vs {
			query = append(query, encode(k, true)+"="+encode(v, true))
		}
	}
	sort.Strings(query)
	var headers strings.Builder
	names := strings.Split(signedHeaders, ";")
	if !sort.StringsAreSorted(names) {
		return "", fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "SignedHeaders are not sorted")
	}
	hasHost := false
	for _, name := range names {
		var value string
		switch name {
		case "host":
			hasHost = true
			value = r.Host
		case "content-length":
			value = strconv.FormatInt(r.ContentLength, 10)
		default:
			vs := r.Header.Values(name)
			for i := range vs {
				vs[i] = strings.Join(strings.Fields(vs[i]), " ")
			}
			value = strings.Join(vs, ",")
		}
		headers.WriteString(name + ":" + value + "\n")
	}
	if !hasHost {
		return "", fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The host header must be signed")
	}
	return strings.Join([]string{r.Method, encode(r.URL.Path, false), strings.Join(query, "&"), headers.String(), signedHeaders, payloadHash}, "\n"), nil
}

// encode is SigV4's URI encoding: all but unreserved characters, and '/'
// too unless in a path.
func encode(s string, slash bool) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !slash:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func signingKey(secret, date, region string) []byte {
	k := hmacSum([]byte("AWS4"+secret), date)
	k = hmacSum(k, region)
	k = hmacSum(k, "s3")
	return hmacSum(k, "aws4_request")
}

func hmacSum(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

func hmacHex(key []byte, data string) string { return hex.EncodeToString(hmacSum(key, data)) }

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// PresignedExpiry reads a presigned URL's X-Amz-Date and X-Amz-Expires:
// when it was signed and how long it lives.
func PresignedExpiry(address string) (signed time.Time, ttl time.Duration, err error) {
	u, err := url.Parse(address)
	if err != nil {
		return time.Time{}, 0, err
	}
	q := u.Query()
	signed, err = time.Parse(amzDateFormat, q.Get("X-Amz-Date"))
	if err != nil {
		return time.Time{}, 0, err
	}
	secs, err := strconv.Atoi(q.Get("X-Amz-Expires"))
	return signed, time.Duration(secs) * time.Second, err
}
