// Japanese catalog (the language of the original guide); keys and shape follow en.ts.
import { ja as historyJa } from "../history/messages.ts";
import { ja as resultsJa } from "../results/messages.ts";
import { ja as sendJa } from "../send/messages.ts";
import { ja as reservationsJa } from "../reservations/messages.ts";
import { ja as schedulesJa } from "../schedules/messages.ts";
import type { Catalog } from "./en.ts";
import { ja as optOutJa } from "../optout/messages.ts";
import { ja as webhooksJa } from "../webhooks/messages.ts";
import { ja as sendersJa } from "../senders/messages.ts";

export const ja: Catalog = {
  app: {
    title: "SMS ゲートウェイ コンソール",
    skipToContent: "本文へスキップ",
    mainNav: "メインメニュー",
  },
  language: {
    label: "言語",
    name: "日本語",
  },
  nav: {
    projects: "プロジェクト",
  },
  header: {
    account: "アカウント",
    role: "ロール",
    roles: { MEMBER: "メンバー", OPERATOR: "オペレーター" },
    signOut: "ログアウト",
    loading: "アカウントを読み込み中…",
  },
  signIn: {
    title: "ログイン",
    intro:
      "アカウントの API キーを貼り付けてください。コンソールはキーをこのブラウザのタブの中だけに保持し(アドレスバーには決して入れません)、タブを閉じるかログアウトすると破棄します。",
    keyLabel: "API キー",
    keyHint:
      "sgw_ で始まります。オペレーターに発行してもらうか、ゲートウェイの起動時に表示されたデモキーを使ってください。",
    submit: "ログイン",
    checking: "キーを確認中…",
    empty: "先に API キーを貼り付けてください。",
    refused: "ゲートウェイがこのキーを拒否しました。不明なキーか、失効したキーです。",
    revoked:
      "API キーが失効したか無効になったため、ログアウトしました。別のキーでログインしてください。",
    signedOut: "ログアウトしました。",
  },
  common: {
    save: "保存",
    saving: "保存中…",
    cancel: "キャンセル",
    close: "閉じる",
    loading: "読み込み中…",
    created: "作成日時",
    characters: "{{count}} / {{max}} 文字",
    previousPage: "前のページ",
    nextPage: "次のページ",
    copy: "コピー",
    copied: "コピーしました",
    never: "なし",
  },
  errors: {
    network: "ゲートウェイが応答しません。起動しているか確認してから、もう一度お試しください。",
    generic: "{{message}} ({{code}})",
    DATABASE_UNAVAILABLE:
      "ゲートウェイのデータベースが現在利用できません。何も変更されていません。しばらくしてからもう一度お試しください。",
    FORBIDDEN: "このキーのロールではこの操作はできません。",
    INTERNAL_SERVER_ERROR:
      "ゲートウェイで予期しないエラーが発生しました(ゲートウェイのログに記録されています)。入力内容に問題はありません。もう一度お試しください。",
    projectGone: "このプロジェクトはもう存在しません(別のタブで削除された可能性があります)。",
    accessKeyGone: "このアクセスキーはもう存在しません。",
    SECRET_KEY_REQUIRED:
      "ゲートウェイは現在シークレットを発行できません(シークレットキーの保管先が未設定です)。オペレーターに連絡してください。",
  },
  projects: {
    title: "プロジェクト",
    intro:
      "プロジェクトは、メッセージ、予約、スケジュール、080 受信拒否サービス、SENS 互換 API の REST アクセスキーをまとめる単位です。",
    listLabel: "プロジェクト一覧",
    empty: "まだプロジェクトがありません。下で最初のプロジェクトを作成してください。",
    total: "合計: {{count}}",
    columns: {
      name: "名前",
      description: "説明",
      serviceId: "サービス ID",
      keys: "有効なアクセスキー",
      created: "作成日時",
    },
    create: {
      title: "新しいプロジェクト",
      submit: "プロジェクトを作成",
      created: "プロジェクト「{{name}}」を作成しました。",
    },
    fields: {
      name: "名前",
      nameHint: "必須: 1〜100 文字(前後の空白は取り除かれます)。重複しても構いません。",
      description: "説明",
      descriptionHint: "任意: 1000 文字まで。",
    },
    rules: {
      nameEmpty: "名前を入力してください(1〜100 文字)。",
      nameTooLong: "名前が長すぎます。100 文字までですが、{{count}} 文字あります。",
      descriptionTooLong: "説明が長すぎます。1000 文字までですが、{{count}} 文字あります。",
    },
    detail: {
      back: "プロジェクト一覧",
      notFound: "このプロジェクトは存在しないか、削除されました。",
      rename: "名前と説明",
      renamed: "変更を保存しました。",
      rest: "SENS 互換 REST API",
      serviceId: "サービス ID",
      restUrl: "メッセージ URL",
      restHint:
        "REST クライアントは下のアクセスキーのいずれかを x-ncp-iam-access-key で送り、リクエストごとにそのシークレットキーで署名します。",
    },
    delete: {
      open: "プロジェクトを削除…",
      title: "プロジェクト「{{name}}」を削除しますか?",
      intro: "削除はただちに一度に行われ、元に戻せません:",
      effects: {
        hidden:
          "プロジェクトはすべての一覧から消えます(メッセージ履歴は残り、このプロジェクトを指したままです)。",
        reservations: "READY の予約は SKIP(理由 PROJECT_DELETED)で終了し、送信されません。",
        schedules: "スケジュールは無効になり、以後実行されません。",
        optOut:
          "080 受信拒否サービスは解約され(申請中のものは取り消し)、受信拒否番号は消去されます。",
        accessKeys: "REST アクセスキーは失効し、以後それを使う REST クライアントは拒否されます。",
      },
      confirm: "プロジェクトを削除",
      deleting: "削除中…",
      done: "プロジェクト「{{name}}」を削除しました: 予約 {{reservations}} 件を SKIP、スケジュール {{schedules}} 件を無効化、080 サービス {{optOut}} 件を終了、アクセスキーを失効。",
    },
  },
  senders: sendersJa,
  optout: optOutJa,
  webhooks: webhooksJa,
  accessKeys: {
    title: "アクセスキー",
    rule: "有効なキーは 1 プロジェクトにつき 2 つまでです。新しく発行するには 1 つを失効させてください。",
    empty: "まだアクセスキーがありません。",
    columns: {
      accessKey: "アクセスキー",
      created: "作成日時",
      lastUsed: "最終使用",
      status: "状態",
      actions: "操作",
    },
    active: "有効",
    revokedAt: "{{date}} に失効",
    create: "アクセスキーを作成",
    creating: "作成中…",
    limitReached: "このプロジェクトにはすでに有効なキーが {{current}} つあります(上限 {{limit}})。",
    revoke: "失効",
    revokeLabel: "アクセスキー {{key}} を失効",
    confirmRevoke:
      "{{key}} を失効させますか?このキーで署名した REST リクエストはただちに拒否されます。",
    confirmRevokeButton: "はい、失効させます",
    revoked: "アクセスキー {{key}} を失効させました。",
    secret: {
      title: "新しいアクセスキー: 今すぐシークレットをコピーしてください",
      once: "シークレットキーが表示されるのはこの一度だけです。再表示できないので今保管してください。紛失した場合はキーを失効させて新しく作成してください。",
      accessKey: "アクセスキー",
      secretKey: "シークレットキー",
      done: "シークレットを保管しました",
    },
  },
  results: resultsJa,
  history: historyJa,
  send: sendJa,
  reservations: reservationsJa,
  schedules: schedulesJa,
};
