// Package queues is the supervisor's work: the queues page (open cases
// by group and type, with intake sparklines), the cases of one queue, and
// the approvals waiting for a second operator. It owns their keys; the
// root opens the queues (ctrl+g) and the pages ask it for the others.
package queues
