-- PostgreSQL's 0015 adds write keys, which settle a commit whose answer
-- was lost with the connection. A SQLite commit happens in this process
-- on a local file: its outcome is never in doubt, so SQLite needs no
-- table. The number is kept so both schemas count versions together.
SELECT 1;
