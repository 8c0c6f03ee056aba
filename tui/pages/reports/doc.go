// Package reports is the supervisors' call report page: calls per day by
// reason and by operator over a date range the supervisor edits
// (workflows Desk.CallReport). An operator is told in words why it is
// refused. The root opens it with its desk key.
package reports
