package kb

import "io/fs"

// LoadFS is Load over any file system, articles under dir: how the console
// start-up is tested with a broken knowledge base, and how a site could
// one day ship its own articles beside the binary.
func LoadFS(fsys fs.FS, dir string) ([]Article, error) { return load(fsys, dir) }
