package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// storageSection is the Settings' section of the media storage the user
// owns, where images for Instagram and Threads are staged: where it is,
// its keys (the secret one goes to the keychain and is never shown back),
// and a test with its progress and a Cancel.
type storageSection struct {
	w *Window

	endpoint, bucket, region, accessKey, secret, prefix *widget.Entry
	pathStyle                                           *widget.Check

	save, test, remove *widget.Button
	// progress shows while a test runs: its step, and Cancel.
	progress *fyne.Container
	step     *widget.Label
	cancel   *widget.Button
	status   *widget.Label

	// stop ends the test running; nil when none does.
	stop context.CancelFunc
}

// buildStorage makes the section's form item.
func (s *settingsScreen) buildStorage() *widget.FormItem {
	w, tr := s.w, s.w.tr
	st := &storageSection{w: w}
	s.storage = st
	help := widget.NewLabel(tr.T("settings.storage.help"))
	help.Wrapping = fyne.TextWrapWord
	help.Importance = widget.LowImportance
	st.endpoint = widget.NewEntry()
	st.endpoint.SetPlaceHolder("https://s3.fr-par.scw.cloud")
	st.bucket = widget.NewEntry()
	st.region = widget.NewEntry()
	st.region.SetPlaceHolder("us-east-1")
	st.accessKey = widget.NewEntry()
	st.secret = widget.NewPasswordEntry()
	st.prefix = widget.NewEntry()
	st.prefix.SetPlaceHolder("relais/")
	st.pathStyle = widget.NewCheck(tr.T("settings.storage.path_style"), nil)
	fields := widget.NewForm(
		widget.NewFormItem(tr.T("settings.storage.endpoint"), st.endpoint),
		widget.NewFormItem(tr.T("settings.storage.bucket"), st.bucket),
		widget.NewFormItem(tr.T("settings.storage.region"), st.region),
		widget.NewFormItem(tr.T("settings.storage.access_key"), st.accessKey),
		widget.NewFormItem(tr.T("settings.storage.secret_key"), st.secret),
		widget.NewFormItem(tr.T("settings.storage.prefix"), st.prefix),
	)
	st.save = widget.NewButtonWithIcon(tr.T("settings.storage.save"), theme.DocumentSaveIcon(), st.saveTapped)
	st.save.Importance = widget.HighImportance
	st.test = widget.NewButtonWithIcon(tr.T("settings.storage.test"), theme.MediaPlayIcon(), st.testTapped)
	st.remove = widget.NewButtonWithIcon(tr.T("settings.storage.remove"), theme.DeleteIcon(), st.removeTapped)
	st.step = widget.NewLabel("")
	st.step.Wrapping = fyne.TextWrapWord
	bar := widget.NewProgressBarInfinite()
	st.cancel = widget.NewButtonWithIcon(tr.T("action.cancel"), theme.CancelIcon(), st.cancelTapped)
	st.progress = container.NewBorder(nil, nil, nil, st.cancel, container.NewVBox(bar, st.step))
	st.progress.Hide()
	st.status = widget.NewLabel("")
	st.status.Wrapping = fyne.TextWrapWord
	st.status.Hide()
	st.setBusy(true) // until the settings are read
	return widget.NewFormItem(tr.T("settings.storage"), container.NewVBox(help, fields, st.pathStyle,
		container.NewHBox(st.save, st.test, st.remove), st.progress, st.status))
}

// load reads the storage's settings, and whether the keychain holds its
// secret, off the UI goroutine.
func (st *storageSection) load() {
	storage := st.w.deps.MediaStorage
	st.w.bg.Go(func() {
		ctx := context.Background()
		settings, ok, err := storage.Settings(ctx)
		hasSecret := false
		if err == nil && ok {
			hasSecret, err = storage.HasSecret(ctx)
		}
		st.w.do(func() {
			st.setBusy(false)
			if err != nil {
				st.show(st.w.tr.Error(err), widget.DangerImportance)
				return
			}
			st.fill(settings, ok, hasSecret)
		})
	})
}

// fill shows the settings; the secret only as kept or not.
func (st *storageSection) fill(s app.MediaStorageSettings, ok, hasSecret bool) {
	tr := st.w.tr
	st.endpoint.SetText(s.Endpoint)
	st.bucket.SetText(s.Bucket)
	st.region.SetText(s.Region)
	st.accessKey.SetText(s.AccessKeyID)
	st.prefix.SetText(s.Prefix)
	st.pathStyle.SetChecked(s.PathStyle)
	st.secret.SetText("")
	st.secret.SetPlaceHolder("")
	if hasSecret {
		st.secret.SetPlaceHolder(tr.T("settings.storage.secret_kept"))
	}
	if ok {
		st.test.Enable()
		st.remove.Enable()
	} else {
		st.test.Disable()
		st.remove.Disable()
		st.show(tr.T("settings.storage.none"), widget.LowImportance)
	}
}

// typed returns the settings as typed.
func (st *storageSection) typed() app.MediaStorageSettings {
	return app.MediaStorageSettings{Kind: app.MediaStorageS3, Endpoint: st.endpoint.Text, Bucket: st.bucket.Text,
		Region: st.region.Text, AccessKeyID: st.accessKey.Text, PathStyle: st.pathStyle.Checked, Prefix: st.prefix.Text}
}

// saveTapped stores the settings, and the secret key when one is typed,
// off the UI goroutine (the keychain may ask the user to unlock it).
func (st *storageSection) saveTapped() {
	storage, settings, secret := st.w.deps.MediaStorage, st.typed(), st.secret.Text
	st.setBusy(true)
	st.w.bg.Go(func() {
		ctx := context.Background()
		err := storage.Set(ctx, settings, secret)
		stored, ok, readErr := storage.Settings(ctx)
		st.w.do(func() {
			st.setBusy(false)
			if err != nil {
				st.show(st.w.tr.Error(err), widget.DangerImportance)
				return
			}
			if readErr == nil {
				st.fill(stored, ok, true)
			}
			st.show(st.w.tr.T("settings.storage.saved"), widget.SuccessImportance)
		})
	})
}

// testTapped checks the storage as saved, step by step, until it ends or
// Cancel is tapped.
func (st *storageSection) testTapped() {
	storage, tr := st.w.deps.MediaStorage, st.w.tr
	ctx, stop := context.WithCancel(context.Background())
	st.stop = stop
	// Closing the window ends it too, rather than wait for the storage.
	st.w.unsubscribe = append(st.w.unsubscribe, stop)
	st.setBusy(true)
	st.status.Hide()
	st.step.SetText(tr.T("settings.storage.testing", "step", tr.T("storage.step."+string(app.MediaCheckPut))))
	st.progress.Show()
	st.w.bg.Go(func() {
		defer stop()
		failedAt := app.MediaCheckPut
		result, err := storage.Check(ctx, func(step app.MediaCheckStep) {
			failedAt = step.Stage
			if step.Done {
				return
			}
			text := tr.T("settings.storage.testing", "step", tr.T("storage.step."+string(step.Stage)))
			st.w.do(func() { st.step.SetText(text) })
		})
		st.w.do(func() {
			st.stop = nil
			st.progress.Hide()
			st.setBusy(false)
			switch {
			case errors.Is(err, context.Canceled):
				st.show(tr.T("settings.storage.cancelled"), widget.WarningImportance)
			case err != nil:
				st.show(tr.T("settings.storage.failed", "step", tr.T("storage.step."+string(failedAt)), "error", tr.Error(err)), widget.DangerImportance)
			case result.PublicListing:
				st.show(tr.T("settings.storage.works")+"\n"+tr.T("storage.public_listing"), widget.WarningImportance)
			default:
				st.show(tr.T("settings.storage.works"), widget.SuccessImportance)
			}
		})
	})
}

// cancelTapped ends the test running.
func (st *storageSection) cancelTapped() {
	if st.stop != nil {
		st.stop()
	}
}

// removeTapped forgets the storage: its settings and its secret key.
func (st *storageSection) removeTapped() {
	storage := st.w.deps.MediaStorage
	st.setBusy(true)
	st.w.bg.Go(func() {
		err := storage.Remove(context.Background())
		st.w.do(func() {
			st.setBusy(false)
			if err != nil {
				st.show(st.w.tr.Error(err), widget.DangerImportance)
				return
			}
			st.fill(app.MediaStorageSettings{}, false, false)
			st.show(st.w.tr.T("settings.storage.removed"), widget.SuccessImportance)
		})
	})
}

// setBusy turns the buttons off while something runs.
func (st *storageSection) setBusy(busy bool) {
	for _, b := range []*widget.Button{st.save, st.test, st.remove} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// show says something under the section.
func (st *storageSection) show(text string, importance widget.Importance) {
	st.status.SetText(text)
	st.status.Importance = importance
	st.status.Show()
	st.status.Refresh()
}
