package ui

import (
	"context"

	"spdesk/workflows"
)

// Refusals reads op's account once and says, for each supervisor function
// in fns, why op may not call it now, in words (workflows.Why of
// MaySupervise); a function op may call is absent. A page asks it with its
// data, shows those keys dimmed with the reason, and answers the key with
// the reason instead of asking and then being refused.
func Refusals(ctx context.Context, sh *Shared, fns ...string) map[string]string {
	r := sh.Reader()
	if r == nil {
		return nil
	}
	a, err := r.Actor(ctx, sh.Operator)
	if err != nil {
		return nil // the workflow still refuses; the screen just does not know ahead
	}
	out := map[string]string{}
	for _, fn := range fns {
		if why := workflows.Why(workflows.MaySupervise(a, fn), sh.Cat.Lang()); why != "" {
			out[fn] = why
		}
	}
	return out
}

// DimmedKey is a key the operator may not use, dimmed, with why in words:
// "a approve: only a supervisor may …".
func DimmedKey(st Styles, key, what, why string) string {
	return st.Muted.Render(key + " " + what + ": " + Safe(why))
}
