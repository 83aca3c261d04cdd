// The 080 opt-out screen's Korean strings; keys and shape follow messages.ts (en).
import type { OptOutCatalog } from "./messages.ts";

export const ko: OptOutCatalog = {
  nav: "080 수신거부",
  title: "080 수신거부",
  intro:
    "광고(AD) 발송에는 무료 080 번호가 필요합니다. 수신자가 전화하면 자동응답(ARS)이 회사명을 안내하고, 발신자의 번호가 프로젝트의 수신거부 목록에 추가됩니다. 수신거부한 번호에는 프로젝트의 광고가 발송되지 않으며, 일반 안내(COMM)는 영향을 받지 않습니다.",
  noProject: "아직 프로젝트가 없습니다. 먼저 만드세요.",
  project: "프로젝트",
  projectHint: "프로젝트마다 080 서비스와 수신거부 목록이 따로 있습니다.",
  statuses: {
    PROCESSING: "PROCESSING: 운영자 처리 대기",
    COMPLETE: "COMPLETE: 사용 중",
    STOPPED: "STOPPED: 해지됨",
  },
  sources: { ARS: "ARS(080 전화)", MANUAL: "직접 등록" },
  invalid: {
    EMPTY: "비어 있음",
    INVALID_CHARACTERS: "숫자, 공백, 하이픈, 점, 괄호만 쓸 수 있음",
    TOO_SHORT: "8자리 미만",
    TOO_LONG: "12자리 초과",
  },
  errors: {
    changed: "그사이 080 서비스가 변경되었습니다. 화면을 다시 불러왔습니다.",
    conflict:
      "이 프로젝트에는 이미 PROCESSING 또는 COMPLETE 상태의 080 서비스가 있습니다(또는 동시에 변경되었습니다).",
  },
  rules: {
    companyEmpty: "회사명을 입력하세요(1–20자).",
    companyTooLong: "회사명이 너무 깁니다. 최대 20자인데 {{count}}자입니다.",
  },
  apply: {
    title: "080 번호 신청",
    intro:
      "프로젝트당 한 번에 하나만 신청할 수 있습니다. 운영자가 처리하면 080 번호가 발급되고 그때부터 과금됩니다. PROCESSING 상태의 신청은 무료로 취소할 수 있습니다.",
    companyName: "회사명",
    companyNameHint: "ARS가 읽어 주는 이름: 보이는 글자 기준 1–20자(앞뒤 공백은 제거됩니다).",
    submit: "신청",
    done: "“{{name}}”(으)로 080 번호를 신청했습니다(PROCESSING).",
  },
  processing: {
    waiting:
      "운영자가 080 번호를 발급할 때까지 신청이 대기합니다. 그전까지는 취소할 수 있으며 과금되지 않습니다.",
    cancel: "신청 취소",
    cancelled: "신청을 취소하고 삭제했습니다. 과금되지 않았습니다.",
  },
  service: {
    title: "080 서비스",
    none: "이 프로젝트에는 080 서비스가 없습니다. 서비스가 생길 때까지 이 프로젝트의 광고(AD)는 거부됩니다.",
    status: "상태",
    appliedAt: "신청일",
    billingStartAt: "과금 시작",
    stoppedAt: "해지일",
    purgeAfter: "기록 삭제 예정",
    number080: "080 번호:",
    completeHelp:
      "광고에 이 번호를 표기하세요. 이 번호로 전화하면 아래 수신거부 목록에 추가됩니다.",
    stoppedHelp:
      "해지됨: 과금이 끝났고 수신거부 목록은 삭제되었습니다. 다시 신청할 수 있으며, 새 서비스는 빈 목록으로 시작합니다.",
  },
  terminate: {
    open: "080 서비스 해지…",
    title: "080 서비스 {{number}}을(를) 해지할까요?",
    intro: "해지는 즉시 이루어지며 되돌릴 수 없습니다:",
    effects: {
      list: "수신거부 목록({{count}}개 번호)이 영구히 삭제됩니다. 다시 신청해도 복구되지 않습니다.",
      billing: "과금이 끝나고 080 번호는 더 이상 응답하지 않습니다.",
      ad: "새 080 서비스가 COMPLETE 될 때까지 이 프로젝트의 광고(AD)는 거부됩니다.",
      purge: "해지된 기록 자체는 2번째 영업일(월–금, 한국 시간)이 끝날 때 삭제됩니다.",
    },
    typeLabel: "확인을 위해 080 번호 {{number}}을(를) 입력하세요",
    typeHint: "번호가 일치할 때까지 해지 버튼은 비활성화됩니다.",
    confirm: "해지하고 목록 삭제",
    done: "080 서비스를 해지했습니다. 수신거부 번호 {{count}}개가 영구히 삭제되었습니다.",
  },
  list: {
    title: "수신거부 목록",
    total: "일치하는 번호: {{count}}개",
    number: "번호",
    source: "등록 경로",
    added: "등록일",
  },
  search: {
    title: "수신거부 목록 검색",
    number: "번호 시작 부분",
    numberHint: "1–12자리 숫자. 공백과 하이픈은 무시됩니다. 전체 번호를 넣으면 정확히 찾습니다.",
    from: "등록 시작",
    fromHint: "포함, 브라우저의 시간대 기준.",
    to: "등록 종료(이전)",
    toHint: "미포함. “등록 시작”보다 이르면 안 됩니다.",
    source: "등록 경로",
    anySource: "모든 경로",
    submit: "검색",
    clear: "전체 보기",
    rules: {
      prefixInvalid: "1–12자리 숫자를 입력하세요(공백과 하이픈은 무시됩니다).",
      toBeforeFrom: "“등록 종료”는 “등록 시작”보다 이를 수 없습니다.",
    },
  },
  edit: {
    title: "번호 추가 또는 삭제",
    label: "번호(한 줄에 하나씩)",
    hint: "한 번에 최대 1,000개, 각 8–12자리(공백, 하이픈, 점, 괄호는 무시). 반복된 번호는 한 번만 셉니다. 이미 있는 번호는 기존 경로와 시각을 유지합니다.",
    counter: "{{count}} / {{max}}개",
    add: "목록에 추가",
    delete: "목록에서 삭제",
    added:
      "{{added}}개 추가, {{present}}개는 이미 있음, {{duplicates}}개는 붙여 넣은 목록에서 반복됨.",
    deleted:
      "{{deleted}}개 삭제, {{notFound}}개는 목록에 없음, {{duplicates}}개는 붙여 넣은 목록에서 반복됨.",
    rules: {
      numbersEmpty: "번호를 하나 이상 입력하세요.",
      numbersTooMany: "{{count}}개: 한 번에 최대 {{max}}개입니다. 목록을 나누세요.",
    },
    invalidLine: "{{line}}번째 줄(“{{value}}”): {{reason}}.",
    nothingSent: "아무것도 변경되지 않았습니다. 목록을 고친 뒤 다시 시도하세요.",
  },
  operator: {
    title: "080 신청(운영자)",
    intro:
      "모든 계정의 PROCESSING 신청, 오래된 순. 처리하면 무료 080 번호가 발급되고 과금이 시작됩니다.",
    empty: "대기 중인 신청이 없습니다.",
    account: "계정",
    actions: "작업",
    complete: "처리 완료",
    completeOf: "{{company}}의 신청 처리 완료",
    completed: "“{{company}}”이(가) 080 번호 {{number}}(으)로 COMPLETE 되었습니다.",
  },
  ars: {
    title: "ARS 수신거부 전화 시뮬레이션",
    intro:
      "발신자가 080 번호로 전화해 수신거부를 확인한 것처럼, 그 번호가 해당 서비스의 목록에 추가됩니다(경로 ARS). 다시 전화해도 변하지 않습니다.",
    number080: "건 080 번호",
    number080Hint: "COMPLETE 서비스의 080 + 7자리.",
    caller: "발신자 번호",
    callerHint: "8–12자리.",
    submit: "전화 시뮬레이션",
    added: "{{number}}이(가) 수신거부 목록에 추가되었습니다(ARS).",
    already: "{{number}}은(는) 이미 목록에 있어 기존 항목을 유지했습니다.",
    unknown: "이 080 번호를 가진 COMPLETE 서비스가 없습니다.",
    rules: { number080: "080 번호는 080 뒤에 7자리 숫자입니다." },
  },
};
