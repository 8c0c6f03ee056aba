package knowledge

// ShownArticle is the id of the article the operator looked at, for the
// call's wrap-up (the root asks as the page closes or opens another): the
// article on screen once something was searched for or it was read, ""
// for the list the empty search box shows.
func (s *Page) ShownArticle() string {
	a, ok := s.current()
	if !ok || (!s.reading && s.in.Value() == "") {
		return ""
	}
	return a.ID
}
