package s3host

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/relais-app/relais/app"
)

// plain wraps a storage's error with the app sentinel it means, keeping
// the storage's own words (its code and message, never a key) after it.
func plain(err error) error {
	if err == nil {
		return nil
	}
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && resp.Code != "" {
		words := resp.Code
		if resp.Message != "" {
			words += ": " + resp.Message
		}
		if resp.Code == "AuthorizationHeaderMalformed" && strings.Contains(strings.ToLower(resp.Message), "region") {
			return fmt.Errorf("%w (%s)", app.ErrMediaStorageRegion, words)
		}
		switch resp.Code {
		case "SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthorizationHeaderMalformed", "InvalidToken", "ExpiredToken", "AuthorizationQueryParametersError":
			return fmt.Errorf("%w (%s)", app.ErrMediaStorageAuth, words)
		case "NoSuchBucket":
			return fmt.Errorf("%w (%s)", app.ErrMediaStorageNoBucket, words)
		case "RequestTimeTooSkewed":
			return fmt.Errorf("%w (%s)", app.ErrMediaStorageClockSkew, words)
		case "AccessDenied", "AllAccessDisabled":
			return fmt.Errorf("%w (%s)", app.ErrMediaStorageDenied, words)
		}
		return fmt.Errorf("the storage answered %s", words)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	// A url.Error quotes the address, which may be presigned: a
	// capability that must not land in a message. Keep what it wraps.
	var urlErr *url.Error
	for errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return fmt.Errorf("%w (%v)", app.ErrMediaStorageOffline, err)
	}
	return err
}
