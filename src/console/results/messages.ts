// Strings of the Live results screen: `en` is the source of the keys; `ko` and `ja` are
// typed by it, so a missing or extra key fails typecheck.
export const en = {
  title: "Live results",
  intro:
    "Every message of the request with its status, telco, result code and time, updated live as the gateway reports them.",
  back: "Back to history",
  request: {
    heading: "Request",
    requestId: "Request ID",
    project: "Project",
    type: "Type",
    contentType: "Content type",
    from: "From",
    requestTime: "Requested at",
  },
  progress: {
    heading: "Progress",
    bar: "Messages completed",
    percent: "{{percent}} % completed",
    total: "Total",
    ready: "Ready",
    processing: "Processing",
    completed: "Completed",
    success: "Success",
    fail: "Fail",
  },
  stream: {
    connecting: "Connecting to the live stream…",
    live: "Live: changes appear as they happen.",
    reconnecting: "Connection lost. Reconnecting; the stream resumes after event {{seq}}.",
    ended: "Finished: every message is COMPLETED.",
    resumes: "Dropped connections resumed: {{count}}, with nothing missed.",
  },
  allCompleted: "All {{total}} messages are COMPLETED.",
  list: {
    label: "Messages",
    hint: "Rows are read from the gateway as you scroll to them; their status keeps updating live.",
    loaded: "{{loaded}} of {{total}} rows loaded",
    loadingRow: "Loading…",
    empty: "This request has no messages (yet): a reservation gets them at its send time.",
    columns: {
      index: "#",
      to: "To",
      status: "Status",
      telco: "Telco",
      code: "Result code",
      time: "Completed at",
      more: "Result",
    },
  },
  more: {
    button: "JSON",
    label: "Result of the message to {{to}} as JSON",
    title: "Message result (JSON)",
    intro:
      "As the SENS API returns it for this message (GET /messages/{messageId}); times are Asia/Seoul.",
    loading: "Reading the message…",
    gone: "This message no longer exists.",
  },
  errors: {
    NOT_FOUND: "This request does not exist in your account, or its history is older than 30 days.",
    stream: "The live stream stopped with an error ({{code}}). Reload the page to try again.",
  },
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type ResultsCatalog = Strings<typeof en>;

export const ko: ResultsCatalog = {
  title: "실시간 결과",
  intro:
    "요청의 모든 메시지의 상태, 통신사, 결과 코드, 시각을 게이트웨이가 알려 주는 대로 실시간으로 보여 줍니다.",
  back: "발송 내역으로 돌아가기",
  request: {
    heading: "요청",
    requestId: "요청 ID",
    project: "프로젝트",
    type: "유형",
    contentType: "메시지 구분",
    from: "발신 번호",
    requestTime: "요청 시각",
  },
  progress: {
    heading: "진행 상황",
    bar: "처리 완료된 메시지",
    percent: "{{percent}}% 완료",
    total: "전체",
    ready: "대기",
    processing: "처리 중",
    completed: "처리 완료",
    success: "성공",
    fail: "실패",
  },
  stream: {
    connecting: "실시간 스트림에 연결하는 중…",
    live: "실시간: 변경 사항이 생기는 즉시 표시됩니다.",
    reconnecting: "연결이 끊겼습니다. 다시 연결하는 중이며, 이벤트 {{seq}} 이후부터 이어 받습니다.",
    ended: "완료: 모든 메시지가 COMPLETED입니다.",
    resumes: "끊긴 연결에서 이어 받은 횟수: {{count}}, 빠진 것 없음.",
  },
  allCompleted: "메시지 {{total}}건이 모두 COMPLETED입니다.",
  list: {
    label: "메시지",
    hint: "행은 스크롤해서 도달할 때 게이트웨이에서 읽어 오며, 상태는 계속 실시간으로 갱신됩니다.",
    loaded: "전체 {{total}}행 중 {{loaded}}행 읽음",
    loadingRow: "불러오는 중…",
    empty: "이 요청에는 (아직) 메시지가 없습니다. 예약 발송은 발송 시각에 메시지가 만들어집니다.",
    columns: {
      index: "#",
      to: "수신 번호",
      status: "상태",
      telco: "통신사",
      code: "결과 코드",
      time: "완료 시각",
      more: "결과",
    },
  },
  more: {
    button: "JSON",
    label: "{{to}}(으)로 보낸 메시지의 결과를 JSON으로 보기",
    title: "메시지 결과 (JSON)",
    intro:
      "SENS API가 이 메시지에 대해 돌려주는 형식입니다(GET /messages/{messageId}). 시각은 Asia/Seoul 기준입니다.",
    loading: "메시지를 읽는 중…",
    gone: "이 메시지는 더 이상 존재하지 않습니다.",
  },
  errors: {
    NOT_FOUND: "이 요청은 계정에 없거나, 내역 보관 기간(30일)이 지났습니다.",
    stream: "실시간 스트림이 오류({{code}})로 멈췄습니다. 페이지를 새로 고쳐 다시 시도하세요.",
  },
};

export const ja: ResultsCatalog = {
  title: "リアルタイム結果",
  intro:
    "リクエストの全メッセージの状態、通信会社、結果コード、時刻を、ゲートウェイから届くたびにリアルタイムで表示します。",
  back: "送信履歴に戻る",
  request: {
    heading: "リクエスト",
    requestId: "リクエストID",
    project: "プロジェクト",
    type: "タイプ",
    contentType: "メッセージ区分",
    from: "発信番号",
    requestTime: "リクエスト時間",
  },
  progress: {
    heading: "進捗",
    bar: "処理完了したメッセージ",
    percent: "{{percent}}% 完了",
    total: "合計",
    ready: "待機",
    processing: "処理中",
    completed: "処理完了",
    success: "成功",
    fail: "失敗",
  },
  stream: {
    connecting: "リアルタイムストリームに接続しています…",
    live: "リアルタイム: 変更は発生した時点で表示されます。",
    reconnecting: "接続が切れました。再接続中です。イベント {{seq}} の後から再開します。",
    ended: "完了: すべてのメッセージが COMPLETED です。",
    resumes: "切断からの再開: {{count}} 回、欠けたものはありません。",
  },
  allCompleted: "{{total}} 件のメッセージがすべて COMPLETED です。",
  list: {
    label: "メッセージ",
    hint: "行はスクロールして表示されるときにゲートウェイから読み込まれ、状態はリアルタイムで更新され続けます。",
    loaded: "{{total}} 行中 {{loaded}} 行を読み込み済み",
    loadingRow: "読み込み中…",
    empty:
      "このリクエストには(まだ)メッセージがありません。予約送信は送信時刻にメッセージが作成されます。",
    columns: {
      index: "#",
      to: "受信番号",
      status: "状態",
      telco: "通信会社",
      code: "結果コード",
      time: "完了時刻",
      more: "結果",
    },
  },
  more: {
    button: "JSON",
    label: "{{to}} へのメッセージの結果を JSON で表示",
    title: "メッセージ結果 (JSON)",
    intro:
      "SENS API がこのメッセージについて返す形式です(GET /messages/{messageId})。時刻は Asia/Seoul です。",
    loading: "メッセージを読み込んでいます…",
    gone: "このメッセージはもう存在しません。",
  },
  errors: {
    NOT_FOUND: "このリクエストはアカウントにないか、履歴の保管期間(30日)を過ぎています。",
    stream:
      "リアルタイムストリームがエラー({{code}})で停止しました。ページを再読み込みしてください。",
  },
};
