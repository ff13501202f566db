package storage

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// Setting implements app.SettingsStore.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var value string
	err := db.view(func(tx *bolt.Tx) error {
		value = string(tx.Bucket(bucketSettings).Get([]byte(key)))
		return nil
	})
	return value, err
}

// SetSetting implements app.SettingsStore.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		if value == "" {
			return b.Delete([]byte(key))
		}
		return b.Put([]byte(key), []byte(value))
	})
}
