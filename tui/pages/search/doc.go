// Package search is the console's first page: the search box, the hits
// with their badges, and the member count. Enter asks the root to open
// the member; keys typed before the answer are held and replayed.
package search
