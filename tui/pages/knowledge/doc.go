// Package knowledge is the knowledge base page: search by words or a
// result code, articles rendered with Glamour in either language, and,
// over a member, the article's procedure started through the root
// (ui.OpenProcedures); it never builds another page itself.
package knowledge
