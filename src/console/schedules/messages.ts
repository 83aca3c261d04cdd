// The Schedules screen's strings. `en` is the source of the keys; `ko` and `ja` are typed
// by it, so a missing key fails typecheck. Wired into the catalogs as `schedules`.
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const en = {
  nav: "Schedules",
  title: "Schedules",
  intro:
    "A schedule is a weekly rule — weekdays and a local time in an IANA time zone — within an active period of at most 6 months. Messages attached to it (on the Send screen, mode Schedule, by its code) are sent at every occurrence.",
  list: {
    title: "Schedules of this project",
    empty: "No schedules yet. Create the first one below.",
    total: "Total: {{count}}",
    columns: {
      code: "Code",
      rule: "When",
      period: "Active period",
      next: "Next occurrence",
      templates: "Attached messages",
    },
    inactive: "Inactive",
    none: "None left",
  },
  weekdays: {
    MONDAY: "Monday",
    TUESDAY: "Tuesday",
    WEDNESDAY: "Wednesday",
    THURSDAY: "Thursday",
    FRIDAY: "Friday",
    SATURDAY: "Saturday",
    SUNDAY: "Sunday",
  },
  rule: "{{days}} at {{time}} ({{zone}})",
  everyDayText: "Every day",
  period: "{{start}} to {{end}}",
  fields: {
    code: "Code",
    codeHint:
      "Required: 1–50 letters, digits, - or _; unique in the project. Sends name the schedule by it.",
    weekdays: "Weekdays",
    weekdaysHint: "At least one day.",
    everyDay: "Every day",
    time: "Time (HH:mm)",
    timeHint: "24-hour local time in the schedule's time zone, e.g. 09:30.",
    timeZone: "Time zone",
    timeZoneHint:
      "An IANA name such as Asia/Seoul, Europe/Berlin or UTC (not KST or +09:00). Daylight-saving changes keep the local time.",
    startsAt: "Starts",
    startsAtHint: "Local time in the schedule's zone. Empty: from now.",
    endsAt: "Ends",
    endsAtHint:
      "Local time in the schedule's zone: after the start, in the future, and at most 6 months after the schedule was created — at the latest {{latest}}.",
    description: "Description",
    descriptionHint: "Optional: at most 1000 characters.",
  },
  rules: {
    code: "Enter a code of 1–50 letters, digits, - or _.",
    weekdays: "Pick at least one weekday (or Every day).",
    time: "Enter a time of day as HH:mm (00:00–23:59).",
    timeZone: "Enter an IANA time zone name, e.g. Asia/Seoul.",
    localTime: "Enter a date and time.",
    endsBeforeStart: "The period must end after it starts.",
    endsPast: "The period must end in the future.",
    endsTooLate:
      "The period ends at most 6 months after the schedule was created: at the latest {{latest}}.",
    descriptionTooLong:
      "The description is too long: at most 1000 characters, this one has {{count}}.",
    conflict: "This project already has a schedule with this code.",
  },
  create: {
    title: "New schedule",
    submit: "Create schedule",
    created: "Schedule {{code}} created.",
  },
  edit: {
    title: "Edit schedule",
    submit: "Save changes",
    saved:
      "Changes saved. Occurrences already due keep the old rule; later ones follow the new one.",
  },
  detail: {
    back: "All schedules",
    open: "Open schedule {{code}}",
    notFound: "This schedule does not exist or was deleted.",
    created: "Created",
    inactive: "This schedule is inactive (its project was deleted): it has no further occurrences.",
    next: "Next occurrences",
    nextHint: "As the gateway computes them, in the schedule's zone and in yours.",
    noNext: "No occurrence is left in the active period.",
  },
  templates: {
    title: "Attached messages",
    empty:
      "No messages attached. Attach one on the Send screen: mode Schedule, with this schedule's code.",
    columns: {
      attached: "Attached",
      message: "Message",
      recipients: "Recipients",
      state: "State",
    },
    attached: "Attached",
    detachedAt: "Detached {{date}}",
    detach: "Detach",
    detachLabel: "Detach the message attached {{date}}",
    detachedNotice: "Message detached: later occurrences do not send it; its history stays.",
  },
  occurrences: {
    title: "Occurrences",
    empty: "No occurrence handled yet.",
    total: "{{count}} handled, newest first, 20 a page.",
    columns: {
      time: "Time",
      status: "Status",
      results: "Results",
    },
    progress: "{{completed}} / {{total}} completed ({{success}} succeeded, {{fail}} failed)",
    results: "Results",
    resultsLabel: "Results of the occurrence at {{time}}",
    nothingSent: "Nothing was sent.",
  },
  delete: {
    open: "Delete schedule…",
    title: "Delete schedule {{code}}?",
    intro:
      "Deleting removes the schedule, its attached messages and its occurrence records at once; messages already sent stay in the history. This cannot be undone.",
    confirmLabel: "Type the code {{code}} to confirm",
    mismatch: "Type the schedule's code exactly as shown.",
    confirm: "Delete schedule",
    deleting: "Deleting…",
    done: "Schedule {{code}} deleted.",
  },
  live: {
    failed: "Live updates stopped: {{error}} Reload the page to resume them.",
  },
} as const;

export type SchedulesCatalog = Strings<typeof en>;

export const ko: SchedulesCatalog = {
  nav: "스케줄",
  title: "스케줄",
  intro:
    "스케줄은 요일과 IANA 시간대의 현지 시각으로 이루어진 주간 규칙이며, 활성 기간은 최대 6개월입니다. 스케줄에 연결된 메시지(발송 화면에서 스케줄 모드로 코드를 지정)는 매 실행 시각에 발송됩니다.",
  list: {
    title: "이 프로젝트의 스케줄",
    empty: "아직 스케줄이 없습니다. 아래에서 첫 스케줄을 만드세요.",
    total: "전체: {{count}}",
    columns: {
      code: "코드",
      rule: "실행 시각",
      period: "활성 기간",
      next: "다음 실행",
      templates: "연결된 메시지",
    },
    inactive: "비활성",
    none: "남은 실행 없음",
  },
  weekdays: {
    MONDAY: "월요일",
    TUESDAY: "화요일",
    WEDNESDAY: "수요일",
    THURSDAY: "목요일",
    FRIDAY: "금요일",
    SATURDAY: "토요일",
    SUNDAY: "일요일",
  },
  rule: "{{days}} {{time}} ({{zone}})",
  everyDayText: "매일",
  period: "{{start}}부터 {{end}}까지",
  fields: {
    code: "코드",
    codeHint:
      "필수: 영문자, 숫자, - 또는 _로 1–50자이며 프로젝트 안에서 고유해야 합니다. 발송할 때 이 코드로 스케줄을 지정합니다.",
    weekdays: "요일",
    weekdaysHint: "하루 이상 선택하세요.",
    everyDay: "매일",
    time: "시각 (HH:mm)",
    timeHint: "스케줄 시간대의 24시간제 현지 시각입니다. 예: 09:30.",
    timeZone: "시간대",
    timeZoneHint:
      "Asia/Seoul, Europe/Berlin, UTC 같은 IANA 이름입니다(KST나 +09:00은 안 됨). 서머타임이 바뀌어도 현지 시각이 유지됩니다.",
    startsAt: "시작",
    startsAtHint: "스케줄 시간대의 현지 시각입니다. 비워 두면 지금부터입니다.",
    endsAt: "종료",
    endsAtHint:
      "스케줄 시간대의 현지 시각입니다. 시작보다 뒤이고 미래여야 하며, 스케줄을 만든 때로부터 최대 6개월, 즉 늦어도 {{latest}}까지입니다.",
    description: "설명",
    descriptionHint: "선택: 최대 1000자.",
  },
  rules: {
    code: "영문자, 숫자, - 또는 _로 된 1–50자의 코드를 입력하세요.",
    weekdays: "요일을 하나 이상 선택하세요(또는 매일).",
    time: "시각을 HH:mm 형식(00:00–23:59)으로 입력하세요.",
    timeZone: "IANA 시간대 이름을 입력하세요. 예: Asia/Seoul.",
    localTime: "날짜와 시각을 입력하세요.",
    endsBeforeStart: "기간은 시작보다 뒤에 끝나야 합니다.",
    endsPast: "기간은 미래에 끝나야 합니다.",
    endsTooLate: "기간은 스케줄을 만든 때로부터 최대 6개월, 늦어도 {{latest}}에 끝나야 합니다.",
    descriptionTooLong: "설명이 너무 깁니다. 최대 1000자인데 {{count}}자입니다.",
    conflict: "이 프로젝트에 같은 코드의 스케줄이 이미 있습니다.",
  },
  create: {
    title: "새 스케줄",
    submit: "스케줄 만들기",
    created: "스케줄 {{code}}을(를) 만들었습니다.",
  },
  edit: {
    title: "스케줄 수정",
    submit: "변경 사항 저장",
    saved:
      "변경 사항을 저장했습니다. 이미 실행 시각이 된 실행은 이전 규칙을 따르고, 이후 실행은 새 규칙을 따릅니다.",
  },
  detail: {
    back: "전체 스케줄",
    open: "스케줄 {{code}} 열기",
    notFound: "이 스케줄은 존재하지 않거나 삭제되었습니다.",
    created: "생성일",
    inactive: "이 스케줄은 비활성입니다(프로젝트가 삭제됨). 더 이상 실행되지 않습니다.",
    next: "다음 실행",
    nextHint: "게이트웨이가 계산한 시각이며, 스케줄의 시간대와 내 시간대로 표시합니다.",
    noNext: "활성 기간에 남은 실행이 없습니다.",
  },
  templates: {
    title: "연결된 메시지",
    empty:
      "연결된 메시지가 없습니다. 발송 화면에서 스케줄 모드로 이 스케줄의 코드를 지정해 연결하세요.",
    columns: {
      attached: "연결 시각",
      message: "메시지",
      recipients: "수신자",
      state: "상태",
    },
    attached: "연결됨",
    detachedAt: "{{date}}에 연결 해제됨",
    detach: "연결 해제",
    detachLabel: "{{date}}에 연결한 메시지 연결 해제",
    detachedNotice: "메시지 연결을 해제했습니다. 이후 실행에서는 발송되지 않으며 이력은 남습니다.",
  },
  occurrences: {
    title: "실행 내역",
    empty: "아직 처리된 실행이 없습니다.",
    total: "{{count}}건 처리됨(최신순, 페이지당 20건).",
    columns: {
      time: "시각",
      status: "상태",
      results: "결과",
    },
    progress: "{{total}}건 중 {{completed}}건 완료(성공 {{success}}건, 실패 {{fail}}건)",
    results: "결과",
    resultsLabel: "{{time}} 실행의 결과",
    nothingSent: "아무것도 발송되지 않았습니다.",
  },
  delete: {
    open: "스케줄 삭제…",
    title: "스케줄 {{code}}을(를) 삭제할까요?",
    intro:
      "삭제하면 스케줄과 연결된 메시지, 실행 기록이 즉시 지워집니다. 이미 발송된 메시지는 이력에 남습니다. 되돌릴 수 없습니다.",
    confirmLabel: "확인을 위해 코드 {{code}}을(를) 입력하세요",
    mismatch: "표시된 스케줄 코드를 정확히 입력하세요.",
    confirm: "스케줄 삭제",
    deleting: "삭제 중…",
    done: "스케줄 {{code}}을(를) 삭제했습니다.",
  },
  live: {
    failed: "실시간 갱신이 멈췄습니다: {{error}} 페이지를 새로 고치면 다시 시작됩니다.",
  },
};

export const ja: SchedulesCatalog = {
  nav: "スケジュール",
  title: "スケジュール",
  intro:
    "スケジュールは、曜日と IANA タイムゾーンの現地時刻からなる毎週のルールで、有効期間は最長 6 か月です。スケジュールに登録したメッセージ(送信画面でスケジュールモードとコードを指定)は、実行時刻ごとに送信されます。",
  list: {
    title: "このプロジェクトのスケジュール",
    empty: "まだスケジュールがありません。下で最初のスケジュールを作成してください。",
    total: "合計: {{count}}",
    columns: {
      code: "コード",
      rule: "実行時刻",
      period: "有効期間",
      next: "次回の実行",
      templates: "登録メッセージ",
    },
    inactive: "無効",
    none: "残りなし",
  },
  weekdays: {
    MONDAY: "月曜日",
    TUESDAY: "火曜日",
    WEDNESDAY: "水曜日",
    THURSDAY: "木曜日",
    FRIDAY: "金曜日",
    SATURDAY: "土曜日",
    SUNDAY: "日曜日",
  },
  rule: "{{days}} {{time}}({{zone}})",
  everyDayText: "毎日",
  period: "{{start}} から {{end}} まで",
  fields: {
    code: "コード",
    codeHint:
      "必須: 英字、数字、- または _ で 1〜50 文字。プロジェクト内で一意です。送信時はこのコードでスケジュールを指定します。",
    weekdays: "曜日",
    weekdaysHint: "1 日以上選んでください。",
    everyDay: "毎日",
    time: "時刻 (HH:mm)",
    timeHint: "スケジュールのタイムゾーンでの 24 時間制の現地時刻。例: 09:30。",
    timeZone: "タイムゾーン",
    timeZoneHint:
      "Asia/Seoul、Europe/Berlin、UTC などの IANA 名(KST や +09:00 は不可)。夏時間が切り替わっても現地時刻は変わりません。",
    startsAt: "開始",
    startsAtHint: "スケジュールのタイムゾーンでの現地時刻。空欄なら今から。",
    endsAt: "終了",
    endsAtHint:
      "スケジュールのタイムゾーンでの現地時刻。開始より後で未来の時刻、かつ作成から最長 6 か月、つまり遅くとも {{latest}} までです。",
    description: "説明",
    descriptionHint: "任意: 1000 文字まで。",
  },
  rules: {
    code: "英字、数字、- または _ で 1〜50 文字のコードを入力してください。",
    weekdays: "曜日を 1 つ以上選んでください(または毎日)。",
    time: "時刻を HH:mm(00:00〜23:59)で入力してください。",
    timeZone: "IANA タイムゾーン名を入力してください。例: Asia/Seoul。",
    localTime: "日付と時刻を入力してください。",
    endsBeforeStart: "期間は開始より後に終わらなければなりません。",
    endsPast: "期間は未来に終わらなければなりません。",
    endsTooLate:
      "期間はスケジュール作成から最長 6 か月、遅くとも {{latest}} に終わらなければなりません。",
    descriptionTooLong: "説明が長すぎます。1000 文字までですが、{{count}} 文字あります。",
    conflict: "このプロジェクトには同じコードのスケジュールがすでにあります。",
  },
  create: {
    title: "新しいスケジュール",
    submit: "スケジュールを作成",
    created: "スケジュール {{code}} を作成しました。",
  },
  edit: {
    title: "スケジュールを編集",
    submit: "変更を保存",
    saved:
      "変更を保存しました。すでに実行時刻になった実行は以前のルール、以降の実行は新しいルールに従います。",
  },
  detail: {
    back: "スケジュール一覧",
    open: "スケジュール {{code}} を開く",
    notFound: "このスケジュールは存在しないか、削除されました。",
    created: "作成日時",
    inactive: "このスケジュールは無効です(プロジェクトが削除されました)。以後実行されません。",
    next: "次回以降の実行",
    nextHint:
      "ゲートウェイが計算した時刻を、スケジュールのタイムゾーンとあなたのタイムゾーンで表示します。",
    noNext: "有効期間内に残りの実行はありません。",
  },
  templates: {
    title: "登録メッセージ",
    empty:
      "登録メッセージはありません。送信画面でスケジュールモードを選び、このスケジュールのコードを指定して登録してください。",
    columns: {
      attached: "登録日時",
      message: "メッセージ",
      recipients: "宛先",
      state: "状態",
    },
    attached: "登録中",
    detachedAt: "{{date}} に登録解除",
    detach: "登録解除",
    detachLabel: "{{date}} に登録したメッセージを登録解除",
    detachedNotice: "メッセージの登録を解除しました。以降の実行では送信されず、履歴は残ります。",
  },
  occurrences: {
    title: "実行履歴",
    empty: "まだ処理された実行はありません。",
    total: "{{count}} 件処理済み(新しい順、1 ページ 20 件)。",
    columns: {
      time: "時刻",
      status: "状態",
      results: "結果",
    },
    progress: "{{total}} 件中 {{completed}} 件完了(成功 {{success}} 件、失敗 {{fail}} 件)",
    results: "結果",
    resultsLabel: "{{time}} の実行の結果",
    nothingSent: "何も送信されていません。",
  },
  delete: {
    open: "スケジュールを削除…",
    title: "スケジュール {{code}} を削除しますか?",
    intro:
      "削除すると、スケジュール、登録メッセージ、実行記録がただちに消去されます。送信済みのメッセージは履歴に残ります。元に戻せません。",
    confirmLabel: "確認のためコード {{code}} を入力してください",
    mismatch: "表示されているスケジュールのコードを正確に入力してください。",
    confirm: "スケジュールを削除",
    deleting: "削除中…",
    done: "スケジュール {{code}} を削除しました。",
  },
  live: {
    failed: "リアルタイム更新が止まりました: {{error}} ページを再読み込みすると再開します。",
  },
};
