// Package kb is the support center's knowledge base: short articles an
// operator reads aloud on a call, in Japanese and English, written in our own
// words from the facts of the member FAQ (shared/seed/safetypass-faq.ja.txt).
//
// # Files
//
// Every article is one Markdown file per language under articles/ (folders
// below it are allowed), embedded in the binary:
//
//	articles/<id>.<lang>.md     e.g. articles/code-58.ja.md, articles/code-58.en.md
//
// A file opens with a front matter block between two "---" lines, then the
// Markdown body:
//
//	---
//	id: code-58
//	lang: ja
//	title: 結果コード58 パスワードがロックされた
//	tags: [パスワード, ロック]
//	codes: [58]
//	procedure: password_reset
//	---
//	本文 (Markdown)
//
// Fields: id (lower-case letters, digits and hyphens; must match the file
// name), lang (ja or en; must match the file name), title, tags (list),
// codes (list of the result codes the member's software shows that this
// article answers), procedure (optional; one of [Procedures]: the workflow
// one key starts from the article). Lines starting with "#" are comments.
//
// The front matter is a strict subset of YAML, parsed here with the standard
// library rather than a YAML package: we want every mistake (an unknown or
// repeated field, a list that is not a list, a code that is not a number)
// reported as file:line, and a general YAML decoder would either accept
// things we want refused or report positions we would have to map back. The
// subset stays valid YAML, so editors highlight it and other tools can read
// it: a value is either plain text or a double-quoted Go/YAML string, and a
// plain value may not contain ": " or " #" (quote it instead).
//
// # Rules Load enforces
//
// Every id exists in every language of [Langs], exactly once, and the
// translations agree on codes and procedure, so switching language while an
// article is open always lands on the same answer. A broken knowledge base
// is an error that names the file and line (each problem an [*Error],
// joined): the console refuses to start with one, and `make test` fails on
// one.
//
// # Writing articles
//
// Write for an operator on the phone: the answer first, then numbered checks
// to walk the caller through, each one short enough to say in one breath.
// Use the FAQ's facts, never its sentences (a test checks that no article
// shares a long verbatim run with the FAQ); product and file names are the
// exception and are listed in that test.
package kb
