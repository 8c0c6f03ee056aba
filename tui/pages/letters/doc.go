// Package letters is the letters print page: the queued letters by kind,
// printed into the spool folder as one batch, the batches to reconcile,
// and the held letters. It owns its keys; the root opens it (ctrl+l).
package letters
