// Package audit is the audit trail page: the supervisor's filtered view
// of the audit rows and their CSV export. It owns its keys and filters;
// the root opens it (ctrl+r) and says why not for an operator.
package audit
