package app

// NoticeImpostor: the veille found accounts that look like the brand's
// and were not listed before. Notice.Impostors says which.
const NoticeImpostor NoticeKind = "monitor_impostor"

// ImpostorAlert is, for NoticeImpostor, one new suspect; the interface
// words it ("maison-Iumen.bsky.social looks like Maison Lumen").
type ImpostorAlert struct {
	ID          ID // the suspect's, as the veille lists it
	Network     Network
	Handle      string
	DisplayName string
	// Brand is the brand's name it resembles most.
	Brand string
	// Score is how strongly it is suspected, 0 to 100.
	Score int
}
