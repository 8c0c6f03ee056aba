package signin

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"signin.title":    {"サインイン", "Sign in"},
	"signin.lead":     {"ログイン名とパスワードを入力してください", "Enter your login and password"},
	"signin.login":    {"ログイン名 ", "Login    "},
	"signin.password": {"パスワード ", "Password "},
	"signin.busy":     {"確認しています…", "Checking…"},
	"signin.empty":    {"ログイン名とパスワードの両方を入力してください", "enter both the login and the password"},
	"signin.status":   {"サインインするまで会員情報は表示されません", "no member data is shown until you sign in"},
	"signin.demo":     {"デモのパスワード: {password}", "demo password: {password}"},
	"lock.title":      {"ロック中", "Locked"},
	"lock.status":     {"解除すると開いていた画面に戻ります", "unlocking returns to the screens that were open"},
	"key.signin":      {"サインイン", "sign in"},
	"key.nextfield":   {"次の欄", "next field"},
	"key.unlock":      {"解除", "unlock"},
	"key.otheruser":   {"別の担当者でサインイン", "sign in as someone else"},
}

func init() { ui.Register(Messages) }
