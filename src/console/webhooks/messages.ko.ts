// The Webhooks screen's Korean strings; keys and shape follow messages.ts (en).
import type { WebhooksCatalog } from "./messages.ts";

export const ko: WebhooksCatalog = {
  nav: "웹훅",
  title: "웹훅",
  intro:
    "웹훅 엔드포인트는 프로젝트의 상태 이벤트를 서명된 POST 요청으로 순서대로, 최소 한 번 받는 여러분의 URL입니다. 요청마다 webhook-signature 헤더가 붙으며, 수신 측은 엔드포인트의 서명 시크릿으로 이를 검증합니다.",
  noProject: "아직 프로젝트가 없습니다. 먼저 만드세요.",
  project: "프로젝트",
  projectHint: "프로젝트마다 엔드포인트가 따로 있습니다(최대 10개).",
  refresh: "새로 고침",
  listTitle: "{{name}}의 엔드포인트",
  empty: "이 프로젝트에는 아직 웹훅 엔드포인트가 없습니다. 아래에서 첫 엔드포인트를 추가하세요.",
  columns: {
    url: "URL",
    eventTypes: "이벤트 유형",
    status: "상태",
    batchSize: "배치 크기",
    lag: "지연",
    cursor: "커서(seq)",
  },
  statuses: {
    ACTIVE: "정상",
    FAILING: "실패: 재시도 중",
    DISABLED: "사용 안 함",
  },
  disabledByYou: "직접 사용 중지함",
  lagHelp:
    "지연: 아직 전달되지 않은 프로젝트 이벤트 수. 커서: 이 seq까지의 모든 이벤트가 전달되었습니다.",
  eventTypes: {
    legend: "이벤트 유형",
    hint: "하나 이상 선택하세요. 유형별 페이로드는 API 문서에 설명되어 있습니다.",
    loading: "이벤트 유형을 불러오는 중…",
    MESSAGE_STATUS: "message.status: 메시지의 모든 상태 변경",
    REQUEST_COMPLETED: "request.completed: 요청의 마지막 메시지가 완료됨",
  },
  fields: {
    url: "URL",
    description: "설명",
    descriptionHint: "선택 사항, 최대 500자.",
    batchSize: "배치 크기",
    batchSizeHint:
      "POST 한 번에 담을 이벤트 수(1–1000). 1이면 이벤트를 하나씩 보내고, 그보다 크면 이벤트가 하나여도 배치 봉투로 보냅니다.",
    enabled: "사용(전달 중)",
    enabledHint:
      "선택을 해제하면 전달을 멈춥니다. 다시 선택하면 실패 기록을 지우고 커서부터 다시 전달합니다.",
  },
  urlRules: {
    title: "게이트웨이는 다음 조건을 모두 만족하는 URL만 받습니다.",
    https: "https여야 합니다(게이트웨이를 WEBHOOK_ALLOW_HTTP=true로 시작한 경우에만 http 허용).",
    public:
      "호스트가 공인 주소로만 해석되어야 합니다. 루프백, 사설, 링크 로컬(클라우드 메타데이터 주소 169.254.169.254 포함), CGNAT, 고유 로컬, 멀티캐스트, 예약 대역은 지금도, 매 전달 전에도 거부됩니다(WEBHOOK_ALLOW_PRIVATE_URLS=true인 경우 제외).",
    form: "2000자 이하이고 사용자 이름, 비밀번호, #프래그먼트가 없어야 합니다. 리디렉션은 따라가지 않습니다.",
  },
  rules: {
    urlEmpty: "이벤트를 POST할 URL을 입력하세요.",
    urlNotAbsolute: "https://로 시작하는 전체 URL을 입력하세요.",
    urlTooLong: "URL이 너무 깁니다. 최대 2000자입니다.",
    urlScheme: "URL은 https://(게이트웨이가 허용하면 http://)로 시작해야 합니다.",
    descriptionTooLong: "설명이 너무 깁니다. 최대 500자인데 {{count}}자입니다.",
    batchSize: "1부터 1000까지의 정수를 입력하세요.",
    eventTypesEmpty: "이벤트 유형을 하나 이상 선택하세요.",
    seqInvalid: "seq를 입력하세요(1 이상의 정수).",
    timeInvalid: "날짜와 시간을 입력하세요.",
  },
  errors: {
    gone: "이 엔드포인트는 더 이상 없습니다(다른 탭에서 삭제되었을 수 있습니다).",
    limit:
      "이 프로젝트에는 이미 엔드포인트가 {{limit}}개 중 {{current}}개 있습니다. 추가하려면 하나를 삭제하세요.",
  },
  create: {
    title: "엔드포인트 추가",
    submit: "엔드포인트 추가",
    saving: "추가하는 중…",
    done: "엔드포인트 {{url}}를 추가했습니다. 지금부터 기록되는 이벤트를 받으며, 이전 이벤트는 재전송으로 받을 수 있습니다.",
  },
  secret: {
    createdTitle: "새 엔드포인트의 서명 시크릿",
    rotatedTitle: "새 서명 시크릿",
    once: "이 시크릿은 다시 볼 수 없습니다. 지금 복사해서 수신 측이 읽는 곳에 보관하세요. 잃어버리면 시크릿을 교체하세요.",
    label: "서명 시크릿",
    overlap:
      "{{date}}까지는 모든 요청에 새 시크릿과 이전 시크릿의 서명이 함께 붙으므로, 이전 시크릿을 가진 수신 측도 새 시크릿을 배포하는 동안 계속 검증할 수 있습니다. 그 후에는 새 시크릿으로만 서명합니다.",
    done: "시크릿을 보관했습니다",
  },
  detail: {
    back: "모든 엔드포인트",
    notFound: "이 엔드포인트는 없거나 삭제되었습니다.",
    title: "엔드포인트 {{url}}",
    summary: "상태",
    project: "프로젝트",
    created: "생성",
    failingSince: "실패 시작",
    nextAttempt: "다음 시도",
    lastSuccess: "마지막 성공",
    lastError: "마지막 오류",
    previousSecret: "이전 시크릿 서명 유효 기한",
    manage: "관리",
    manageLabel: "엔드포인트 {{url}} 관리",
  },
  edit: {
    title: "설정",
    submit: "변경 사항 저장",
    nothing: "바뀐 내용이 없습니다.",
    saved: "변경 사항을 저장했습니다.",
  },
  rotate: {
    title: "서명 시크릿",
    intro:
      "교체하면 즉시 새 시크릿이 발급됩니다. 24시간 동안은 두 시크릿 모두로 서명하므로 수신 측은 요청을 놓치지 않고 전환할 수 있습니다.",
    submit: "시크릿 교체",
  },
  test: {
    title: "테스트 이벤트 보내기",
    intro:
      "서명된 webhook.test 이벤트(seq 0) 하나를 이벤트 흐름과 별도로 지금 POST합니다. 커서는 움직이지 않습니다. 응답은 전달 기록에 나타납니다.",
    submit: "테스트 이벤트 보내기",
    sending: "보내는 중…",
    done: "테스트 이벤트를 보냈습니다: {{outcome}}, {{status}}, {{latency}}ms.",
  },
  replay: {
    title: "재전송",
    intro:
      "프로젝트의 이벤트를 seq 또는 시각부터 순서대로 다시 전달합니다. 이벤트는 메시지 기록과 같은 기간 보관됩니다.",
    mode: "시작 지점",
    fromSeq: "seq",
    fromTime: "시각",
    seq: "다시 전달할 첫 seq",
    seqHint: "이 seq부터(포함) 다시 전달합니다.",
    time: "시작 날짜와 시간",
    timeHint: "현지 시각({{zone}}) 기준, 그 시각 이후 처음 기록된 이벤트부터.",
    submit: "재전송",
    done: "재전송을 설정했습니다. seq {{cursor}} 다음부터 다시 전달하며, 아래의 지연과 커서에 진행 상황이 나타납니다.",
  },
  delete: {
    open: "엔드포인트 삭제…",
    title: "엔드포인트 {{url}}를 삭제할까요?",
    intro: "삭제는 즉시 이루어지며 되돌릴 수 없습니다.",
    effects: {
      stop: "이 URL로는 더 이상 아무것도 보내지 않습니다. 이미 기록되었지만 아직 전달되지 않은 이벤트(현재 {{lag}}개)도 보내지 않습니다.",
      log: "전달 기록도 함께 삭제됩니다.",
      secret: "서명 시크릿은 더 이상 유효하지 않습니다.",
      events:
        "프로젝트의 이벤트는 남습니다. 새 엔드포인트는 생성 이후 기록된 이벤트를 받습니다(재전송으로 이전 이벤트도 가능).",
    },
    confirm: "엔드포인트 삭제",
    deleting: "삭제하는 중…",
    done: "엔드포인트 {{url}}를 삭제했습니다.",
  },
  deliveries: {
    title: "전달 기록",
    intro: "POST마다 한 행, 최신순이며 WEBHOOK_LOG_DAYS일 동안 보관됩니다.",
    empty: "아직 전달 기록이 없습니다.",
    columns: {
      time: "시도 시각",
      outcome: "결과",
      statusCode: "상태 코드",
      latency: "응답 시간",
      seqs: "seq(이벤트 수)",
      response: "응답(앞부분)",
    },
    noAnswer: "응답 없음",
    latency: "{{ms}}ms",
    test: "테스트",
    newer: "최신",
    older: "이전",
  },
  outcomes: {
    SUCCESS: "전달됨",
    RETRY: "재시도",
    REFUSED: "주소 거부",
    GONE: "Gone(410)",
    FAILED: "실패",
    TEST: "테스트",
  },
};
