package ui

import "spdesk/internal/msg"

// Texts of the sign-in and lock screens and of the signed-in header.
func init() {
	Messages.Add(msg.Set{
		"signin.title":           {"サインイン", "Sign in"},
		"signin.lead":            {"ログイン名とパスワードを入力してください", "Enter your login and password"},
		"signin.login":           {"ログイン名 ", "Login    "},
		"signin.password":        {"パスワード ", "Password "},
		"signin.busy":            {"確認しています…", "Checking…"},
		"signin.empty":           {"ログイン名とパスワードの両方を入力してください", "enter both the login and the password"},
		"signin.status":          {"サインインするまで会員情報は表示されません", "no member data is shown until you sign in"},
		"signin.demo":            {"デモのパスワード: {password}", "demo password: {password}"},
		"lock.title":             {"ロック中", "Locked"},
		"lock.idle":              {"{idle}操作がなかったためロックしました。{operator} さんのパスワードで解除します", "Locked after {idle} without a key. {operator}'s password unlocks it"},
		"lock.minutes":           {"{n}分間", "{n} minutes"},
		"lock.disabled":          {"{operator} さんのアカウントは無効にされました。監督者に連絡してください", "{operator}'s account has been disabled: ask a supervisor"},
		"lock.status":            {"解除すると開いていた画面に戻ります", "unlocking returns to the screens that were open"},
		"key.signin":             {"サインイン", "sign in"},
		"key.nextfield":          {"次の欄", "next field"},
		"key.unlock":             {"解除", "unlock"},
		"key.otheruser":          {"別の担当者でサインイン", "sign in as someone else"},
		"error.account":          {"担当者のアカウントを読み込めませんでした", "could not read the operator's account"},
		"header.readonly":        {" [読み取り専用：サインインも記録しません] ", " [read-only: sign-ins not recorded] "},
		"header.role.operator":   {"操作者", "operator"},
		"header.role.supervisor": {"監督者", "supervisor"},
	})
}
