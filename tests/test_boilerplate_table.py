"""Boilerplate removal, specified family by family with tables of small invented pages.

Each page is a title, a few lines of genuine 工会 work summary or plan, and the chrome of one
boilerplate family as one kind of site prints it (template-essay sites, 文库 document libraries,
school and government sites). `must_go` must not survive in any document's title or text;
`must_stay` must. Both sides are compared with whitespace removed and the width of `,;:!?()`,
quotes and ellipses folded, so the tests pin what is kept, not how it is spaced.

The pages are invented variants, not copies of the sample pages in data/raw/: the gold test
covers those. These tables were written against the API only, as a specification.
"""

from __future__ import annotations

import re

import pytest

# --------------------------------------------------------------------------------------------
# helpers

_FOLD = str.maketrans({
    "，": ",", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")",
    "“": '"', "”": '"', "…": "...", "⋯": "...",
})


def _key(s: str, *, keep_newlines: bool = False) -> str:
    """Whitespace removed (newlines too, unless asked), punctuation width folded."""
    s = s.translate(_FOLD)
    return re.sub(r"[^\S\n]+" if keep_newlines else r"\s+", "", s)


def _clean(raw: str, **kwargs):
    # Imported here, not at module level, so the tables collect and the table self-checks run
    # even while the pipeline is half-written.
    from unioncorpus import clean_text

    return clean_text(raw, source="case.txt", **kwargs)


def _all_text(docs) -> str:
    """Every document's title and text, one after the other."""
    return "\n".join(f"{d.title or ''}\n{d.text}" for d in docs)


def _removed_text(removals) -> str:
    return "\n".join(r.text for r in removals)


def _page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _case(case_id: str, lines, must_go=(), must_stay=()):
    raw = lines if isinstance(lines, str) else _page(*lines)
    return pytest.param(raw, tuple(must_go), tuple(must_stay), id=case_id)


def _teaser(line: str, n: int, tail: str = "...") -> str:
    """A template site's teaser: the first `n` characters of the next paragraph, then `tail`."""
    return line[:n] + tail


# --------------------------------------------------------------------------------------------
# genuine content, shared by the pages below (each line 40+ characters)

SUM_DEMOCRACY = (
    "本学年，我校工会在学校党支部和上级教育工会的领导下，紧紧围绕学校中心工作，以建设“教工之家”为抓手，充分发挥桥梁和纽带作用，较好地完成了各项工作任务。",
    "坚持召开第五届教职工代表大会第三次会议，审议通过了《教师绩效工资分配方案》和《职称评聘实施细则》，共征集代表提案二十六件，立案十四件，落实率达到百分之百。",
    "全面推行校务公开，凡涉及评优评先、职称晋升、经费使用等教职工切身利益的事项，均通过公开栏和教职工大会及时公开，接受全体教职工的监督。",
)
SUM_CARE = (
    "工会始终把关心教职工生活作为工作的落脚点，坚持做到“五必访”，全年共走访慰问生病住院、家有变故的教职工三十八人次，送去慰问金一万二千余元。",
    "春节前夕，工会主席带领工会委员走访慰问了十二位退休老教师和三户困难职工家庭，为他们送去米、油等慰问品，让他们感受到学校大家庭的温暖。",
    "组织全体女教职工进行健康体检，为全体会员办理了职工互助保险，并在每位教职工生日当天送上生日蛋糕券和一张祝福卡片。",
)
SUM_SPORTS = (
    "为丰富教职工的业余文化生活，工会先后组织了教职工气排球比赛、拔河比赛、跳绳比赛和迎新年文艺汇演，参与人数达到一百二十余人次。",
    "在县教育工会举办的第十届教职工乒乓球比赛中，我校代表队获得团体第二名、女子单打第一名，展示了我校教职工积极向上的精神风貌。",
    "投入资金三万余元对教工之家进行了改造，新添置了跑步机、动感单车和瑜伽垫等健身器材，开放时间延长到每天下午六点半。",
)
SUM_ETHICS = (
    "工会配合学校党支部，以“学高为师、身正为范”为主题，组织教职工认真学习《新时代中小学教师职业行为十项准则》，签订师德承诺书一百零六份。",
    "开展“最美教师”评选活动，通过教师自荐、年级组推荐和学生投票，评选出八名师德标兵，并在教师节表彰大会上进行了隆重表彰。",
    "深入实施“青蓝工程”，为十二名青年教师安排了师傅，签订师徒结对协议，组织青年教师参加岗位练兵和教学比武，三人获县级一等奖。",
)
SUM_SELF = (
    "工会进一步加强自身建设，调整充实了工会委员会，按年级组重新划分了六个工会小组，明确了各小组长的工作职责，形成了上下联动的工作格局。",
    "严格执行工会经费管理制度，做到专款专用、收支公开，经费审查委员会每学期对工会账目进行一次审查，并向教代会报告经费收支情况。",
    "组织工会干部参加区教育工会举办的业务培训班，认真学习新修订的《中华人民共和国工会法》，不断提高依法履职的能力和水平。",
)
SUM_REFORM = (
    "一年来，我校工会认真履行“维护、建设、参与、教育”四项职能，在学校党政的大力支持下，各项工作取得了新的进展，现将主要工作总结如下。",
    "在学校人事制度改革中，工会全程参与岗位设置和竞聘上岗方案的制定，广泛听取教职工意见，两次召开教代会代表组长会议，确保改革平稳推进。",
    "工会联合团委在重阳节组织青年教师看望退休老同志，为他们表演节目、包饺子，并为八十岁以上的五位老同志送上生日祝福和慰问品。",
)
SUM_RURAL = (
    "我中心学校工会下辖九个基层工会小组，现有会员二百一十三人，一年来，我们坚持以人为本，把服务教职工作为工会工作的出发点和落脚点。",
    "针对农村教师居住分散、交通不便的实际，工会协调解决了十四名青年教师的周转宿舍问题，并为村小教师落实了午餐补助和交通补贴。",
    "工会积极开展“读书月”活动，为各校职工书屋新购图书八百余册，组织教职工撰写读书心得，评选出“书香教师”十名。",
)
PLAN_GENERAL = (
    "以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级工会的工作部署，围绕学校中心工作，团结动员全体教职工为办好人民满意的教育贡献力量。",
    "加强民主管理，按期召开教职工代表大会，认真做好提案的征集、立案和督办工作，进一步规范校务公开的内容、程序和形式，保障教职工的知情权和参与权。",
    "继续深化“送温暖”工程，建立困难教职工档案，做好生病住院、婚丧嫁娶等慰问工作，逢年过节走访退休教师，切实为教职工办实事、解难事。",
)
PLAN_ACTIVITIES = (
    "新学年学校工会将以师德师风建设为主线，以维护教职工合法权益为重点，以开展丰富多彩的文体活动为载体，全面提升工会工作水平。",
    "计划于三月份组织开展“巾帼建新功”三八节系列活动，邀请市妇幼保健院专家来校开展女性健康知识讲座，并组织女教职工参加户外踏青活动。",
    "下半年将举办第三届教职工趣味运动会，设置托球跑、袋鼠跳、毛毛虫竞速等集体项目，以年级组为单位组队参赛，增强团队协作意识。",
)
PLAN_SELF = (
    "本学期工会将继续加强工会干部队伍建设，组织工会委员参加上级工会举办的培训，学习工会业务知识，提高为教职工服务的本领。",
    "做好工会会员的会籍管理工作，及时为新调入的教职工办理入会手续，健全工会各类台账和档案资料，确保年底顺利通过县总工会的考核验收。",
    "积极争创“模范职工之家”，充分利用教工之家、职工书屋等阵地，开展读书分享会、健身打卡等活动，营造健康和谐、积极向上的校园氛围。",
)


# --------------------------------------------------------------------------------------------
# 1. font-size and print buttons

FONT_AND_PRINT = [
    _case("font-size-brackets-top", [
        "东风小学2023年工会工作总结",
        "【字体：大 中 小】",
        *SUM_CARE,
    ], ["【字体：大 中 小】"], ["东风小学2023年工会工作总结", *SUM_CARE]),
    _case("font-size-bracketed-buttons-bottom", [
        "城关镇中心学校工会2022年度工作总结",
        *SUM_DEMOCRACY,
        "",
        "【减小字体】 【增大字体】 【打印本页】 【关闭窗口】",
    ], ["减小字体", "增大字体", "打印本页", "关闭窗口"], ["城关镇中心学校工会2022年度工作总结", *SUM_DEMOCRACY]),
    _case("print-close-square-brackets", [
        "实验中学工会工作计划",
        *PLAN_GENERAL,
        "[打印] [关闭] [返回顶部]",
    ], ["[打印]", "[关闭]", "[返回顶部]"], ["实验中学工会工作计划", *PLAN_GENERAL]),
    _case("font-size-TT-halfwidth-colon", [
        "字号:T|T    【打印】 【收藏】",
        "第二中学工会上半年工作总结",
        *SUM_SPORTS,
    ], ["字号:T|T", "【打印】", "【收藏】"], ["第二中学工会上半年工作总结", *SUM_SPORTS]),
    _case("font-size-gov-style-with-spaces", [
        "县实验幼儿园工会2021年工作总结",
        "字体：默认  大  中  小       【 打印 】  【 关闭 】",
        *SUM_ETHICS,
    ], ["字体：默认大中小", "【打印】", "【关闭】"], ["县实验幼儿园工会2021年工作总结", *SUM_ETHICS]),
]


# --------------------------------------------------------------------------------------------
# 2. breadcrumbs

BREADCRUMB_ENDS_IN_TITLE = _page(
    "当前位置：首页 > 范文大全 > 工作总结 > 2023年小学工会工作总结",
    "2023年小学工会工作总结",
    *SUM_SELF,
)

BREADCRUMBS = [
    _case("breadcrumb-gt-fullwidth-colon", [
        "当前位置：首页 > 范文大全 > 工作总结 > 工会工作总结",
        "育才小学工会工作总结",
        *SUM_CARE,
    ], ["当前位置", "首页>范文大全>工作总结"], ["育才小学工会工作总结", *SUM_CARE]),
    _case("breadcrumb-double-arrow-zhengwen", [
        "您现在的位置：第一范文网 >> 工作计划 >> 学校工作计划 >> 正文",
        "2024年春季学校工会工作计划",
        *PLAN_ACTIVITIES,
    ], ["您现在的位置", "第一范文网>>工作计划", "学校工作计划>>正文"], ["2024年春季学校工会工作计划", *PLAN_ACTIVITIES]),
    _case("breadcrumb-bare-no-label", [
        "首页>工作计划>工会工作计划",
        "城北中学工会工作计划",
        *PLAN_SELF,
    ], ["首页>工作计划>工会工作计划"], ["城北中学工会工作计划", *PLAN_SELF]),
    _case("breadcrumb-halfwidth-colon-guillemet", [
        "位置: 主页 › 总结 › 学校工会",
        "红星小学工会年度工作总结",
        *SUM_RURAL,
    ], ["位置:主页", "›总结›学校工会"], ["红星小学工会年度工作总结", *SUM_RURAL]),
    _case("breadcrumb-gov-slashes", [
        "您的位置：首页 / 党建工会 / 工会动态",
        "县第三中学2020年工会工作总结",
        *SUM_REFORM,
    ], ["您的位置", "首页/党建工会/工会动态"], ["县第三中学2020年工会工作总结", *SUM_REFORM]),
    _case("breadcrumb-ends-in-title", BREADCRUMB_ENDS_IN_TITLE,
          ["当前位置", "首页>范文大全>工作总结>"], ["2023年小学工会工作总结", *SUM_SELF]),
]


# --------------------------------------------------------------------------------------------
# 3. author / source / publish-time / view-count lines; the date goes to `published`

META_ANON = _page(
    "育英学校工会工作总结",
    "作者：佚名    来源：网络    发布时间：2021-03-05    浏览次数：1024",
    *SUM_DEMOCRACY,
)
META_CN_DATE = _page(
    "南湖小学工会工作计划",
    "发布日期：2019年06月12日　　点击：",
    *PLAN_GENERAL,
)
META_SHORT_TIME = _page(
    "时间：2020-1-2 10:11  阅读：",
    "新城中学2019年工会工作总结",
    *SUM_SPORTS,
)
META_PIPES = _page(
    "区实验小学工会2018年上半年工作总结",
    "来源：城关区教育局 | 编辑：王晓燕 | 2018-09-10",
    *SUM_ETHICS,
)
META_SLASH_DATE = _page(
    "明德中学工会工作计划",
    "发布者：admin　发布时间：2022/11/28　阅读次数：356次",
    *PLAN_SELF,
)
META_BRACKETS = _page(
    "【发布时间：2017-12-29 15:32:10】【作者：admin】【来源：本站原创】【点击：872】",
    "某镇中心小学2017年工会工作总结",
    *SUM_RURAL,
)
META_BOTTOM = _page(
    "职业技术学校工会工作总结",
    *SUM_REFORM,
    "信息来源：县总工会    发布时间：2015年6月30日 08:47    责任编辑：刘琳",
)
META_NO_DATE = _page(
    "2022年学校工会工作总结",
    "作者：网友投稿　来源：互联网",
    *SUM_SELF,
)

META = [
    _case("meta-anon-network-views", META_ANON,
          ["佚名", "来源：网络", "发布时间", "2021-03-05", "浏览次数"], ["育英学校工会工作总结", *SUM_DEMOCRACY]),
    _case("meta-cn-date-empty-clicks", META_CN_DATE,
          ["发布日期", "2019年06月12日", "点击："], ["南湖小学工会工作计划", *PLAN_GENERAL]),
    _case("meta-short-time-empty-reads-top", META_SHORT_TIME,
          ["时间：2020-1-2", "10:11", "阅读："], ["新城中学2019年工会工作总结", *SUM_SPORTS]),
    _case("meta-source-editor-pipes", META_PIPES,
          ["来源：城关区教育局", "编辑：王晓燕", "2018-09-10"], ["区实验小学工会2018年上半年工作总结", *SUM_ETHICS]),
    _case("meta-publisher-slash-date", META_SLASH_DATE,
          ["发布者：admin", "2022/11/28", "阅读次数：356次"], ["明德中学工会工作计划", *PLAN_SELF]),
    _case("meta-all-in-brackets", META_BRACKETS,
          ["【发布时间", "15:32:10", "【作者：admin】", "本站原创", "【点击：872】"], ["某镇中心小学2017年工会工作总结", *SUM_RURAL]),
    _case("meta-bottom-editor", META_BOTTOM,
          ["信息来源：县总工会", "2015年6月30日", "责任编辑：刘琳"], ["职业技术学校工会工作总结", *SUM_REFORM]),
    _case("meta-no-date", META_NO_DATE,
          ["网友投稿", "来源：互联网"], ["2022年学校工会工作总结", *SUM_SELF]),
]

PUBLISHED = [
    pytest.param(META_ANON, "2021-03-05", id="iso-dashes"),
    pytest.param(META_CN_DATE, "2019-06-12", id="chinese-ymd"),
    pytest.param(META_SHORT_TIME, "2020-01-02", id="unpadded-month-day"),
    pytest.param(META_PIPES, "2018-09-10", id="bare-date-after-pipes"),
    pytest.param(META_SLASH_DATE, "2022-11-28", id="slashes"),
    pytest.param(META_BRACKETS, "2017-12-29", id="bracketed-with-seconds"),
    pytest.param(META_BOTTOM, "2015-06-30", id="bottom-chinese-unpadded"),
    # The title's 2022 is the work year, not a publish date.
    pytest.param(META_NO_DATE, None, id="no-date-title-year-is-not-published"),
]


# --------------------------------------------------------------------------------------------
# 4. "submit an article"

SUBMIT = [
    _case("submit-footer-links", [
        "阳光小学工会工作计划",
        *PLAN_ACTIVITIES,
        "我要投稿 | 投稿指南 | 联系我们",
    ], ["我要投稿", "投稿指南", "联系我们"], ["阳光小学工会工作计划", *PLAN_ACTIVITIES]),
    _case("submit-mailbox", [
        "铁路中学工会工作总结",
        *SUM_DEMOCRACY,
        "投稿邮箱：tougao@gonghuifanwen.com  欢迎投稿，一经采用稿酬从优！",
    ], ["投稿邮箱", "tougao@gonghuifanwen.com", "稿酬从优"], ["铁路中学工会工作总结", *SUM_DEMOCRACY]),
    _case("submit-bracket-buttons-top", [
        "市第七中学工会2023年工作总结",
        "【我要投稿】【我要纠错】【收藏本文】",
        *SUM_CARE,
    ], ["【我要投稿】", "【我要纠错】", "【收藏本文】"], ["市第七中学工会2023年工作总结", *SUM_CARE]),
]


# --------------------------------------------------------------------------------------------
# 5. SEO intros and outros of template sites

SEO = [
    _case("seo-summary-intro-xiaobian", [
        "学校工会工作总结",
        "总结是对过去一定时期的工作、学习或思想情况进行回顾、分析，并做出客观评价的书面材料，它能使我们更有效率，不妨坐下来好好写写总结吧。下面是小编为大家收集整理的学校工会工作总结，仅供参考，希望能够帮助到大家。",
        *SUM_ETHICS,
    ], ["总结是对过去一定时期的工作", "下面是小编为大家收集整理的", "仅供参考，希望能够帮助到大家"], ["学校工会工作总结", *SUM_ETHICS]),
    _case("seo-plan-intro-jingxin", [
        "2024年学校工会工作计划",
        "时间过得真快，总在不经意间流逝，我们又将迎来新的工作，是时候开始写计划了。以下是小编精心整理的2024年学校工会工作计划，欢迎阅读与收藏。",
        *PLAN_GENERAL,
    ], ["时间过得真快", "以下是小编精心整理的", "欢迎阅读与收藏"], ["2024年学校工会工作计划", *PLAN_GENERAL]),
    _case("seo-two-line-intro-site-name", [
        "工作总结就是把一个时间段的工作进行一次全面系统的总检查、总评价、总分析、总研究，分析成绩的不足，从而得出引以为戒的经验。",
        "那么中学工会工作总结应该怎么写呢？下面是范文网为您整理的中学工会工作总结，希望对您有所帮助。",
        "中学工会工作总结",
        *SUM_REFORM,
    ], ["总检查、总评价、总分析", "应该怎么写呢", "下面是范文网为您整理的"], ["中学工会工作总结", *SUM_REFORM]),
    _case("seo-outro-bottom", [
        "小学工会工作计划",
        *PLAN_SELF,
        "以上就是小编为大家整理的小学工会工作计划，更多工作计划请关注本站工作计划栏目！",
    ], ["以上就是小编为大家整理的", "请关注本站工作计划栏目"], ["小学工会工作计划", *PLAN_SELF]),
]


# --------------------------------------------------------------------------------------------
# 6. compilation titles and repeated page titles

COMP_SUFFIX_MARKERS = _page(
    "学校工会工作计划范文(通用5篇)",
    "学校工会工作计划范文 篇1",
    *PLAN_GENERAL,
    "学校工会工作计划范文 篇2",
    *PLAN_SELF,
)
COMP_DI_MARKERS = _page(
    "2023年小学工会工作总结(精选8篇)",
    "第1篇：阳光小学工会工作总结",
    *SUM_CARE,
    "第2篇：希望小学工会工作总结",
    *SUM_SPORTS,
)
COMP_BRACKET_MARKERS = _page(
    "中学工会工作总结范文汇总（精选10篇）",
    "【篇一】中学工会工作总结",
    *SUM_DEMOCRACY,
    "【篇二】中学工会年度工作总结",
    *SUM_ETHICS,
)
REPEAT_TWICE = _page(
    "实验中学2022—2023学年度工会工作总结",
    "",
    "实验中学2022—2023学年度工会工作总结",
    *SUM_SELF,
)
REPEAT_SITE_SUFFIX = _page(
    "城南小学工会工作计划_工作计划_好范文网",
    "城南小学工会工作计划",
    *PLAN_ACTIVITIES,
)

TITLES = [
    _case("compilation-tongyong-pian-suffix", COMP_SUFFIX_MARKERS,
          ["通用5篇", "篇1", "篇2"], ["学校工会工作计划范文", *PLAN_GENERAL, *PLAN_SELF]),
    _case("compilation-jingxuan-di-n-pian", COMP_DI_MARKERS,
          ["精选8篇", "第1篇", "第2篇"], ["阳光小学工会工作总结", "希望小学工会工作总结", *SUM_CARE, *SUM_SPORTS]),
    _case("compilation-fullwidth-bracket-pian-yi", COMP_BRACKET_MARKERS,
          ["范文汇总", "精选10篇", "【篇一】", "【篇二】"], ["中学工会年度工作总结", *SUM_DEMOCRACY, *SUM_ETHICS]),
    _case("title-site-suffix", REPEAT_SITE_SUFFIX,
          ["_好范文网", "_工作计划_"], ["城南小学工会工作计划", *PLAN_ACTIVITIES]),
]


# --------------------------------------------------------------------------------------------
# 7. teasers: a cut copy of the next paragraph

TEASER_ASCII = _page(
    "滨江小学工会工作总结",
    _teaser(SUM_DEMOCRACY[0], 40),
    *SUM_DEMOCRACY,
)
TEASER_ELLIPSIS_BEFORE_TITLE = _page(
    _teaser(SUM_RURAL[0], 33, "…"),
    "乡镇中心学校工会工作总结",
    *SUM_RURAL,
)
TEASER_DOUBLE_ELLIPSIS_INDENTED = _page(
    "教师进修学校工会工作计划",
    "　　" + _teaser(PLAN_ACTIVITIES[0], 45, "……"),
    *PLAN_ACTIVITIES,
)

TEASERS = [
    _case("teaser-ascii-dots", TEASER_ASCII,
          [SUM_DEMOCRACY[0][34:40] + "..."], ["滨江小学工会工作总结", *SUM_DEMOCRACY]),
    _case("teaser-unicode-ellipsis-before-title", TEASER_ELLIPSIS_BEFORE_TITLE,
          [SUM_RURAL[0][27:33] + "…"], ["乡镇中心学校工会工作总结", *SUM_RURAL]),
    _case("teaser-double-ellipsis-indented", TEASER_DOUBLE_ELLIPSIS_INDENTED,
          [PLAN_ACTIVITIES[0][39:45] + "……"], ["教师进修学校工会工作计划", *PLAN_ACTIVITIES]),
]


# --------------------------------------------------------------------------------------------
# 8. related-article and recommendation lists

RELATED = [
    _case("related-bracket-header-with-dates", [
        "桃李中学工会工作总结",
        *SUM_SPORTS,
        "【学校工会工作总结】相关文章：",
        "1.小学工会工作总结范文03-12",
        "2.学校工会年度工作总结报告（通用6篇）12-05",
        "3.2022年教育系统工会工作总结11-28",
    ], ["相关文章", "小学工会工作总结范文", "年度工作总结报告", "教育系统工会工作总结"],
        ["桃李中学工会工作总结", *SUM_SPORTS]),
    _case("related-recommend-bare-titles", [
        "第一实验小学工会工作计划",
        *PLAN_GENERAL,
        "相关推荐",
        "学校工会主席述职报告",
        "教职工代表大会工会工作报告",
        "学校工会经费审查报告",
    ], ["相关推荐", "工会主席述职报告", "工会工作报告", "经费审查报告"],
        ["第一实验小学工会工作计划", *PLAN_GENERAL]),
    _case("related-guess-you-like-dotted", [
        "民族中学工会工作总结",
        *SUM_CARE,
        "猜你喜欢：",
        "· 教师节工会慰问活动方案",
        "· 学校工会三八妇女节活动总结",
        "· 工会迎新春趣味运动会策划书",
    ], ["猜你喜欢", "教师节工会慰问活动方案", "三八妇女节活动总结", "趣味运动会策划书"],
        ["民族中学工会工作总结", *SUM_CARE]),
    _case("related-hot-and-prev-next", [
        "光明小学工会工作总结",
        *SUM_SELF,
        "上一篇：学校工会迎新年活动方案",
        "下一篇：2023年教职工代表大会工作报告",
        "热门文章",
        "工会工作总结开头怎么写 2023-04-18",
        "工会小组长工作职责 2023-04-16",
    ], ["上一篇", "迎新年活动方案", "下一篇", "热门文章", "开头怎么写", "工会小组长工作职责"],
        ["光明小学工会工作总结", *SUM_SELF]),
]


# --------------------------------------------------------------------------------------------
# 9. tag lines

TAGS = [
    _case("tags-chinese-label-bottom", [
        "长征小学工会工作总结",
        *SUM_ETHICS,
        "标签：工会 总结 教职工",
    ], ["标签：工会总结教职工"], ["长征小学工会工作总结", *SUM_ETHICS]),
    _case("tags-latin-label", [
        "育红中学工会工作计划",
        *PLAN_SELF,
        "Tags: 工会工作计划 学校工会 年度计划",
    ], ["Tags:", "年度计划"], ["育红中学工会工作计划", *PLAN_SELF]),
    _case("tags-keywords-semicolons-top", [
        "高级中学工会工作计划",
        "关键词：学校工会；工作计划；教代会；送温暖",
        *PLAN_GENERAL,
    ], ["关键词：学校工会；工作计划；教代会；送温暖"], ["高级中学工会工作计划", *PLAN_GENERAL]),
    _case("tags-benwen-biaoqian", [
        "外国语学校工会工作总结",
        *SUM_REFORM,
        "本文标签：工会总结  总结范文  学校总结",
    ], ["本文标签", "总结范文", "学校总结"], ["外国语学校工会工作总结", *SUM_REFORM]),
]


# --------------------------------------------------------------------------------------------
# 10. rating and comment widgets

WIDGETS = [
    _case("rating-percent-and-stars", [
        "沙河小学工会工作总结",
        *SUM_RURAL,
        "本文评分：★★★★☆",
        "好的评价    0%(0)",
        "差的评价    0%(0)",
    ], ["本文评分", "★★★★", "好的评价", "差的评价", "0%(0)"], ["沙河小学工会工作总结", *SUM_RURAL]),
    _case("comment-box", [
        "江南中学工会工作总结",
        *SUM_DEMOCRACY,
        "网友评论",
        "共有0条评论",
        "发表评论",
        "请自觉遵守互联网相关的政策法规，严禁发布色情、暴力、反动的言论。",
        "验证码：  提交评论",
    ], ["网友评论", "共有0条评论", "发表评论", "严禁发布色情", "验证码", "提交评论"],
        ["江南中学工会工作总结", *SUM_DEMOCRACY]),
    _case("like-collect-share", [
        "启明小学工会工作计划",
        *PLAN_ACTIVITIES,
        "点赞 收藏 分享",
        "分享到：微信 朋友圈 QQ空间 新浪微博",
    ], ["点赞收藏分享", "分享到", "QQ空间", "新浪微博"], ["启明小学工会工作计划", *PLAN_ACTIVITIES]),
    _case("like-count-report", [
        "赞(23)  收藏  举报",
        "北关中学工会年度工作总结",
        *SUM_SPORTS,
    ], ["赞(23)", "举报"], ["北关中学工会年度工作总结", *SUM_SPORTS]),
]


# --------------------------------------------------------------------------------------------
# 11. disclaimers and copyright notices

DISCLAIMERS = [
    _case("disclaimer-network-source", [
        "石桥小学工会工作总结",
        *SUM_CARE,
        "免责声明：本文来源于网络，仅供学习交流使用，版权归原作者所有，如有侵权请联系本站删除。",
    ], ["免责声明", "本文来源于网络", "如有侵权请联系本站删除"], ["石桥小学工会工作总结", *SUM_CARE]),
    _case("copyright-all-rights-reserved-icp", [
        "向阳中学工会工作计划",
        *PLAN_GENERAL,
        "版权所有 © 2008-2023 好范文网 All Rights Reserved",
        "粤ICP备12048756号-3",
    ], ["版权所有", "©2008-2023", "AllRightsReserved", "ICP备12048756号"], ["向阳中学工会工作计划", *PLAN_GENERAL]),
    _case("user-upload-takedown-top", [
        "本文由用户上传，如有侵权请联系删除！",
        "新华小学工会上学期工作总结",
        *SUM_ETHICS,
    ], ["本文由用户上传", "如有侵权请联系删除"], ["新华小学工会上学期工作总结", *SUM_ETHICS]),
    _case("gov-site-footer", [
        "县第一中学工会工作总结",
        *SUM_SELF,
        "主办单位：蓬溪县教育局  承办：县教育信息中心  网站标识码：5109210012",
        "蜀ICP备05003213号    川公网安备51092102000133号",
    ], ["主办单位", "网站标识码", "蜀ICP备05003213号", "公网安备"], ["县第一中学工会工作总结", *SUM_SELF]),
]


# --------------------------------------------------------------------------------------------
# 12. watermark URLs glued into sentences: the URL goes, the sentence around it stays

WATERMARKS = [
    _case("watermark-parenthesised-mid-sentence", [
        "桂花小学工会工作总结",
        "三月份，工会组织女教职工参加了区教育系统“三八”健步走活动(www.gzzj8.com)，全校共有六十二名女教职工参与，展现了巾帼风采。",
        *SUM_CARE,
    ], ["gzzj8", "www."], ["桂花小学工会工作总结", "参加了区教育系统“三八”健步走活动，全校共有六十二名女教职工参与，展现了巾帼风采。", *SUM_CARE]),
    _case("watermark-benzhan-domain", [
        "河西中学工会工作总结",
        *SUM_SPORTS[:2],
        "工会积极筹措资金为教工之家购置了健身器材本站www.diyifanwen.cn，每天下午课后向全体教职工开放，深受大家欢迎。",
    ], ["diyifanwen", "本站"], ["河西中学工会工作总结", *SUM_SPORTS[:2], "为教工之家购置了健身器材，每天下午课后向全体教职工开放，深受大家欢迎。"]),
    _case("watermark-bracketed-source-mid-sentence", [
        "城郊小学工会工作计划",
        "本学期工会将继续开展“送温暖”活动【来源：www.fanwenwang.com】，做到教职工生病住院必访、家庭困难必访、婚丧嫁娶必访。",
        *PLAN_SELF,
    ], ["fanwenwang", "【来源"], ["城郊小学工会工作计划", "开展“送温暖”活动，做到教职工生病住院必访、家庭困难必访、婚丧嫁娶必访。", *PLAN_SELF]),
    _case("watermark-bare-https-path-line-end", [
        "矿区学校工会工作总结",
        *SUM_DEMOCRACY[:2],
        "全面推行校务公开，凡涉及教职工切身利益的事项均提交教代会审议，接受全体教职工的监督。https://www.ruiwen.com/gongzuozongjie/2345678.html",
    ], ["ruiwen", "https://", "2345678.html"], ["矿区学校工会工作总结", *SUM_DEMOCRACY[:2], "全面推行校务公开，凡涉及教职工切身利益的事项均提交教代会审议，接受全体教职工的监督。"]),
]


# --------------------------------------------------------------------------------------------
# 13. document-library (文库) residue

LIBRARY = [
    _case("library-header-block", [
        "文档贡献者：jiaoyu2019",
        "页数：5页    阅读：2133次    下载：12次",
        "该文档为docx格式",
        "2021年秋季学校工会工作总结",
        *SUM_REFORM,
    ], ["文档贡献者", "jiaoyu2019", "页数", "阅读：2133次", "该文档为docx格式"], ["2021年秋季学校工会工作总结", *SUM_REFORM]),
    _case("library-page-footers-mid-body", [
        "新村小学工会工作总结",
        SUM_ETHICS[0],
        "第 1 页 共 3 页",
        SUM_ETHICS[1],
        "第 2 页 共 3 页",
        SUM_ETHICS[2],
        "第 3 页 共 3 页",
    ], ["第1页共3页", "第2页共3页", "第3页共3页"], ["新村小学工会工作总结", *SUM_ETHICS]),
    _case("library-download-bottom-and-related-docs", [
        "2023年学校工会工作计划",
        *PLAN_GENERAL,
        "下载文档",
        "VIP免费下载",
        "相关文档",
        "小学工会工作计划2023.docx",
        "工会工作总结范文精选.doc",
        "立即下载",
    ], ["下载文档", "VIP免费下载", "相关文档", ".docx", "精选.doc", "立即下载"], ["2023年学校工会工作计划", *PLAN_GENERAL]),
    _case("library-pagination-benwengong", [
        "太平中心校工会工作总结",
        *SUM_RURAL,
        "本文共3页 当前第1页 上一页 1 2 3 下一页",
    ], ["本文共3页", "当前第1页", "上一页123下一页"], ["太平中心校工会工作总结", *SUM_RURAL]),
]


# --------------------------------------------------------------------------------------------
# 14. ad placeholders

ADS = [
    _case("ad-adsbygoogle-between-paragraphs", [
        "景山小学工会工作总结",
        SUM_SPORTS[0],
        "(adsbygoogle = window.adsbygoogle || []).push({});",
        SUM_SPORTS[1],
        "(adsbygoogle = window.adsbygoogle || []).push({});",
        SUM_SPORTS[2],
    ], ["adsbygoogle", ".push({});"], ["景山小学工会工作总结", *SUM_SPORTS]),
    _case("ad-html-comment-and-bracket", [
        "<!--ad-->",
        "永安中学工会工作计划",
        *PLAN_ACTIVITIES[:2],
        "[广告]",
        PLAN_ACTIVITIES[2],
        "<!-- 广告位：内容页底部 -->",
    ], ["<!--ad-->", "[广告]", "<!--", "内容页底部"], ["永安中学工会工作计划", *PLAN_ACTIVITIES]),
    _case("ad-slot-for-rent-and-script", [
        "西街小学工会工作总结",
        "广告位",
        *SUM_SELF,
        'var cpro_id = "u3264580";',
        "广告位招租 联系QQ：1234567890",
    ], ["广告位", "cpro_id", "u3264580", "联系QQ"], ["西街小学工会工作总结", *SUM_SELF]),
]


# --------------------------------------------------------------------------------------------
# 15. paywall markers, with another text spliced in after them

PAYWALLS = [
    _case("paywall-hidden-pay-to-download", [
        "林场学校工会工作总结",
        *SUM_DEMOCRACY,
        "……剩余内容已隐藏，请支付后下载全文，范文网提供全文下载服务……",
        *SUM_CARE,
    ], ["剩余内容已隐藏", "请支付后下载全文", "提供全文下载服务"], ["林场学校工会工作总结", *SUM_DEMOCRACY, *SUM_CARE]),
    _case("paywall-free-pages-then-paid", [
        "师范附属小学工会工作计划",
        *PLAN_SELF,
        "免费下载 本文档共 6 页，剩余 4 页需付费",
        *PLAN_GENERAL,
    ], ["免费下载", "本文档共6页", "剩余4页需付费"], ["师范附属小学工会工作计划", *PLAN_SELF, *PLAN_GENERAL]),
    _case("paywall-membership", [
        "育才中学工会工作总结",
        *SUM_ETHICS[:2],
        "开通会员查看全文",
        SUM_ETHICS[2],
    ], ["开通会员查看全文"], ["育才中学工会工作总结", *SUM_ETHICS]),
    _case("paywall-hidden-chars", [
        "五一小学工会工作总结",
        SUM_SPORTS[0],
        "此处隐藏：3125字，全部文档内容请下载后查看。喜欢就下载吧 ……",
        *SUM_SPORTS[1:],
    ], ["此处隐藏", "3125字", "请下载后查看", "喜欢就下载吧"], ["五一小学工会工作总结", *SUM_SPORTS]),
]


# --------------------------------------------------------------------------------------------
# 16. leaked word-processor field codes

FIELD_CODES = [
    _case("field-page-mergeformat-footers", [
        "建设路小学工会工作总结",
        SUM_CARE[0],
        r"PAGE \* MERGEFORMAT 1",
        *SUM_CARE[1:],
        r"- PAGE \* MERGEFORMAT 2 -",
    ], ["PAGE", "MERGEFORMAT"], ["建设路小学工会工作总结", *SUM_CARE]),
    _case("field-hyperlink-mid-sentence", [
        "凤凰中学工会三八节活动总结",
        '按照 HYPERLINK "http://www.jszgh.org/notice/2023/0412.html" 《关于开展“书香三八”读书活动的通知》要求，工会组织全体女教职工开展了读书分享活动。',
        *SUM_CARE[1:],
    ], ["HYPERLINK", "jszgh", "http://"], ["凤凰中学工会三八节活动总结", "按照《关于开展“书香三八”读书活动的通知》要求，工会组织全体女教职工开展了读书分享活动。", *SUM_CARE[1:]]),
    _case("field-toc-top", [
        r'TOC \o "1-3" \h \z \u',
        "县职业中学工会工作计划",
        *PLAN_GENERAL,
    ], ["TOC", r"\o", r"\h\z\u"], ["县职业中学工会工作计划", *PLAN_GENERAL]),
    _case("field-embed-equation-mid-sentence", [
        "水利学校工会工作总结",
        *SUM_SELF[:2],
        "学校按全体教职工工资总额的 EMBED Equation.DSMT4 2%足额拨缴工会经费，工会经费全部用于教职工的活动和福利。",
        "EMBED Word.Picture.8",
    ], ["EMBED", "Equation.DSMT4", "Word.Picture.8"], ["水利学校工会工作总结", *SUM_SELF[:2], "学校按全体教职工工资总额的2%足额拨缴工会经费，工会经费全部用于教职工的活动和福利。"]),
]


BOILERPLATE = [
    *FONT_AND_PRINT, *BREADCRUMBS, *META, *SUBMIT, *SEO, *TITLES, *TEASERS, *RELATED, *TAGS,
    *WIDGETS, *DISCLAIMERS, *WATERMARKS, *LIBRARY, *ADS, *PAYWALLS, *FIELD_CODES,
]


# --------------------------------------------------------------------------------------------
# things that must appear exactly once, and pages whose number of documents is known

ONCE = [
    pytest.param(REPEAT_TWICE, ["实验中学2022—2023学年度工会工作总结"], 1, id="title-line-twice"),
    pytest.param(REPEAT_SITE_SUFFIX, ["城南小学工会工作计划"], 1, id="title-with-site-suffix-then-h1"),
    pytest.param(BREADCRUMB_ENDS_IN_TITLE, ["2023年小学工会工作总结"], 1, id="breadcrumb-ends-in-title"),
    pytest.param(TEASER_ASCII, [SUM_DEMOCRACY[0][:30]], 1, id="teaser-ascii-dots"),
    pytest.param(TEASER_ELLIPSIS_BEFORE_TITLE, [SUM_RURAL[0][:30]], 1, id="teaser-before-title"),
    pytest.param(TEASER_DOUBLE_ELLIPSIS_INDENTED, [PLAN_ACTIVITIES[0][:30]], 1, id="teaser-double-ellipsis"),
    pytest.param(COMP_SUFFIX_MARKERS, [PLAN_GENERAL[0][:30], PLAN_SELF[0][:30]], 2, id="compilation-pian-suffix"),
    pytest.param(COMP_DI_MARKERS, ["阳光小学工会工作总结", "希望小学工会工作总结"], 2, id="compilation-di-n-pian"),
    pytest.param(COMP_BRACKET_MARKERS, ["中学工会年度工作总结", SUM_DEMOCRACY[0][:30]], 2, id="compilation-bracket-pian"),
]


# --------------------------------------------------------------------------------------------
# 17. whole pages that are keyword spam or tag lists: no documents at all

SPAM_PAGES = [
    pytest.param(_page(
        "工会工作总结 工会工作总结范文 学校工会工作总结 2024工会工作总结 工会工作总结报告 工会年度工作总结 小学工会工作总结",
        "工会工作计划 学校工会工作计划 工会工作计划范文 2024年工会工作计划 幼儿园工会工作计划 中学工会工作计划 工会计划",
        "工会总结 工会计划 工会述职报告 工会主席述职 工会活动方案 工会活动总结 工会慰问 工会福利 教代会 送温暖",
    ), id="keyword-spam-runs"),
    pytest.param(_page(
        "热门标签",
        "工会工作总结",
        "工会工作计划",
        "教师个人工作总结",
        "班主任工作计划",
        "述职报告",
        "教代会工作报告",
        "更多>>",
    ), id="tag-cloud"),
    pytest.param(_page(
        "学校工会工作总结 2023-05-12",
        "小学工会工作计划 2023-05-10",
        "中学工会工作总结范文 2023-05-08",
        "工会送温暖活动总结 2023-05-06",
        "教职工代表大会工作报告 2023-05-03",
        "共 5 条  1/1页  首页 上一页 下一页 尾页",
    ), id="listing-page-titles-and-dates"),
    pytest.param(_page(
        "工会总结|工会计划|学校工会总结|教师工会工作总结|工会工作总结怎么写|工会工作计划怎么写|工会工作总结开头|工会工作总结结尾|工会总结范文大全",
        "关键词：工会工作总结、工会工作计划、学校工会、工会总结范文、工会计划范文、工会工作报告",
    ), id="keyword-spam-pipes-and-keywords"),
]


# --------------------------------------------------------------------------------------------
# near-misses: prose that looks like boilerplate to a careless rule, and must all survive

# An activity plan: its 活动时间 line is content, and its date is not a publish date.
NM_ACTIVITY_PLAN = _page(
    "实验小学“三八”妇女节工会活动方案",
    "为庆祝“三八”国际劳动妇女节，丰富女教职工的文化生活，展现我校女教职工的风采，经学校工会研究，决定开展本次活动。",
    "活动时间：2024年3月8日（星期五）下午2:30",
    "活动内容：女教职工趣味运动会，设置夹弹珠、踩气球、定点投篮等项目，每位女教职工至少参加两个项目，由工会委员担任裁判。",
    "活动要求：各工会小组长负责做好本组人员的组织发动工作，活动结束后由工会统一发放纪念品，并做好活动的宣传报道工作。",
)

NEAR_MISSES = [
    pytest.param(_page(
        "育才小学工会工作总结",
        "工会经费来源于教职工缴纳的会费和学校按全体教职工工资总额百分之二拨缴的经费，工会严格按照规定使用，每学期公布一次收支明细。",
        *SUM_CARE,
    ), ["工会经费来源于教职工缴纳的会费"], id="source-word-in-prose"),
    pytest.param(_page(
        "城西中学工会工作总结",
        *SUM_DEMOCRACY[:2],
        "工会利用课余时间开展了形式多样的文体活动，每周二、周四下午第三节课后开放教工之家，组织教职工打羽毛球、练瑜伽。",
    ), ["利用课余时间开展了形式多样的文体活动"], id="time-word-in-prose"),
    pytest.param(_page(
        "第四中学工会工作总结",
        *SUM_ETHICS[:2],
        "由工会推荐的论文《浅谈新时代学校教工之家建设》获市教育工会论文评选一等奖，作者所在的数学教研组被评为区级优秀教研组。",
    ), ["作者所在的数学教研组被评为区级优秀教研组"], id="author-word-in-prose"),
    pytest.param(NM_ACTIVITY_PLAN, ["活动时间：2024年3月8日", "下午2:30", "活动内容", "活动要求"],
                 id="activity-time-label-in-plan"),
    pytest.param(_page(
        "东关小学工会工作总结",
        *SUM_REFORM,
        "一、加强师德建设",
        *SUM_ETHICS,
        "学校工会2024年工作思路",
        "1. 召开一届三次教职工代表大会，审议学校发展规划和绩效考核方案，认真做好提案的征集和督办工作。",
        "2. 开展“冬送温暖、夏送清凉”活动，走访慰问困难教职工和退休教师，为教职工办实事、解难事。",
    ), ["一、加强师德建设", "学校工会2024年工作思路", "召开一届三次教职工代表大会", "冬送温暖、夏送清凉"],
        id="short-heading-lines-in-body"),
    pytest.param(_page(
        "二十一中学工会工作总结",
        *SUM_DEMOCRACY[:2],
        "组织学生和家长对全体教师开展民主评价，评价结果作为年度考核和评优评先的重要依据，满意率达到百分之九十八。",
        "工会鼓励教职工积极撰写教育随笔，本学期共有五位教师在《中国教师报》等报刊上发表评论文章和教学论文。",
    ), ["对全体教师开展民主评价", "发表评论文章和教学论文"], id="evaluation-and-comment-words-in-prose"),
    pytest.param(_page(
        "青山小学工会工作总结",
        "工会组织的活动丰富多彩：乒乓球赛、羽毛球赛、拔河比赛、书画展览...深受教职工的欢迎，参与率达到百分之九十以上。",
        *SUM_SELF,
        "回想这一年的点点滴滴，有汗水，有欢笑，也有遗憾，工会工作还有许多需要改进的地方……",
    ), ["书画展览...深受教职工的欢迎", "也有遗憾，工会工作还有许多需要改进的地方……"], id="ellipses-that-are-not-teasers"),
    pytest.param(_page(
        "第八中学工会工作总结",
        *SUM_DEMOCRACY[:2],
        "通过校园网站、公开栏和教职工微信群等渠道公开校务，做到公开内容真实、公开程序规范、公开时间及时。",
    ), ["通过校园网站、公开栏和教职工微信群等渠道公开校务"], id="website-mentioned-without-url"),
    pytest.param(_page(
        "明珠小学工会工作总结",
        "在师德教育中，我们引导教师尊重学生的个性差异，坚决摒弃给学生贴标签的做法，用发展的眼光看待每一个孩子。",
        *SUM_CARE[:2],
    ), ["坚决摒弃给学生贴标签的做法"], id="tag-word-in-prose"),
    pytest.param(_page(
        "桥东中学工会工作总结",
        *SUM_SPORTS,
        "总之，一年来我校工会做了大量卓有成效的工作，但与上级的要求相比还有差距，今后我们将继续努力，把工会工作做得更好。",
        "以上是我校工会本年度工作的简要总结，成绩的取得离不开上级工会的关心和全体教职工的支持，不足之处恳请批评指正。",
    ), ["总之，一年来我校工会做了大量卓有成效的工作", "以上是我校工会本年度工作的简要总结"], id="closing-summary-sentences"),
    pytest.param(_page(
        "信息技术学校工会工作总结",
        *SUM_ETHICS[:2],
        "组织教职工学习《著作权法》相关知识，增强知识产权保护和版权意识，在课件制作和论文撰写中尊重他人的劳动成果。",
    ), ["增强知识产权保护和版权意识"], id="copyright-word-in-prose"),
    pytest.param(_page(
        "书香小学工会工作总结",
        *SUM_RURAL[:2],
        "工会将教职工优秀读书心得汇编成《书香满园》一书，其中第1篇《做一名有温度的教师》被市教育工会公众号转载。",
    ), ["其中第1篇《做一名有温度的教师》被市教育工会公众号转载"], id="di-1-pian-in-prose"),
    pytest.param(_page(
        "金山中学工会工作总结",
        *SUM_SELF[:2],
        "工会鼓励教师积极向《江苏教育》《中小学管理》等刊物投稿，全年共有十一篇论文公开发表，其中两篇被人大复印资料转载。",
        "为方便教职工备课，工会协调为每个办公室配备了打印机，并指导教职工下载“职工之家”手机应用，在线办理会员服务。",
    ), ["积极向《江苏教育》《中小学管理》等刊物投稿", "配备了打印机", "下载“职工之家”手机应用"],
        id="submit-print-download-words-in-prose"),
]


# --------------------------------------------------------------------------------------------
# normalisation on realistic lines (compared with newlines kept, so joins are tested)

NORMALISE = [
    pytest.param(_page(
        "學(xué)校(xiào)工(gōng)會(huì)工(gōng)作(zuò)總(zǒng)結(jié)",
        "工(gōng)會(huì )組(zǔ)織(zhī)教(jiào)職(zhí)工(gōng)學(xué)習(xí)《教(jiào)師(shī)法(fǎ)》，開(kāi)展(zhǎn)師(shī)德(dé)教(jiào)育(yù)。",
        *SUM_ETHICS,
    ), ["学校工会工作总结", "工会组织教职工学习《教师法》，开展师德教育。"],
        ["(xué)", "(huì)", "xué", "zhī", "學", "會"], id="pinyin-annotated-traditional"),
    pytest.param(_page(
        "本學期學校工會工作總結",
        "本學期，我校工會積極開展送溫暖活動，慰問困難教職工二十餘人次，並為退休教師送去節日慰問品。",
        *SUM_CARE,
    ), ["本学期学校工会工作总结", "本学期，我校工会积极开展送温暖活动，慰问困难教职工二十余人次，并为退休教师送去节日慰问品。"],
        ["學期", "工會", "溫暖", "慰問"], id="traditional-to-simplified"),
    pytest.param(_page(
        "２０２４年学校工会工作总结",
        "在２０２４年县教职工气排球比赛中，我校代表队获得第２名，工会还组织全体会员参加了ＣＰＲ急救知识培训。",
        *SUM_SPORTS,
    ), ["2024年学校工会工作总结", "在2024年县教职工气排球比赛中，我校代表队获得第2名", "参加了CPR急救知识培训"],
        ["２０２４", "第２名", "ＣＰＲ"], id="fullwidth-digits-and-letters-folded"),
    pytest.param(_page(
        "向阳小学工会工作总结",
        '工会开展了\\"最美教师\\"评选活动，通过层层推荐，评选出\\"师德标兵\\"八名，并在教师节进行了表彰。',
        *SUM_DEMOCRACY,
    ), ['开展了"最美教师"评选活动', '评选出"师德标兵"八名'], ['\\"'], id="escaped-quotes-unescaped"),
    pytest.param(_page(
        "前进中学工会工作总结",
        "今年工会组织教职工学习《教师法》《教",
        "育法》《工会法》等一系列法律法规，用法律的知识维护自己的合法权益，依法执教的意识明显增强。",
        *SUM_SELF,
    ), ["《教师法》《教育法》《工会法》等一系列法律法规"], ["《教\n育法》"], id="line-broken-mid-word-joined"),
    pytest.param(_page(
        "新民小学工会工作总结",
        "工会配合学校组织全体教职工认真学习《未",
        "1 成年人保护法》和《义务教育法》，增强了依法执教、依法保护学生合法权益的意识。",
        *SUM_CARE,
    ), ["认真学习《未成年人保护法》和《义务教育法》"], ["1成年人", "《未\n"], id="page-number-inside-sentence"),
    pytest.param(_page(
        "20xx年xx小学工会工作总结",
        "在校长***同志的带领下，xx小学工会认真贯彻20xx年县教育工会工作会议精神，XX镇中心校工会给予了大力支持。",
        *SUM_RURAL,
    ), ["20xx年xx小学工会工作总结", "在校长***同志的带领下，xx小学工会认真贯彻20xx年县教育工会工作会议精神", "XX镇中心校工会"],
        [], id="redactions-and-placeholders-kept"),
]


# --------------------------------------------------------------------------------------------
# tests


@pytest.mark.parametrize("raw, must_go, must_stay", BOILERPLATE)
def test_boilerplate_goes_and_content_stays(raw, must_go, must_stay):
    docs = _clean(raw)
    assert docs, "a page with a title and body paragraphs must give at least one document"
    text = _key(_all_text(docs))
    left = [s for s in must_go if _key(s) in text]
    lost = [s for s in must_stay if _key(s) not in text]
    assert not left, f"boilerplate survived: {left}"
    assert not lost, f"content lost: {lost}"


@pytest.mark.parametrize("raw, must_go, must_stay", BOILERPLATE)
def test_removed_boilerplate_is_reported(raw, must_go, must_stay):
    _docs, removals = _clean(raw, return_removed=True)
    removed = _key(_removed_text(removals))
    unreported = [s for s in must_go if _key(s) not in removed]
    assert not unreported, f"removed without a removal record: {unreported}"


@pytest.mark.parametrize("raw, published", PUBLISHED)
def test_publish_date_lands_in_published(raw, published):
    docs = _clean(raw)
    assert docs
    got = [None if d.published is None else str(d.published) for d in docs]
    assert got == [published] * len(docs)


@pytest.mark.parametrize("raw, once, n_docs", ONCE)
def test_repeated_titles_and_teasers_leave_one_copy(raw, once, n_docs):
    docs = _clean(raw)
    assert len(docs) == n_docs, [d.title for d in docs]
    text = _key(_all_text(docs))
    counts = {s: text.count(_key(s)) for s in once}
    assert all(c == 1 for c in counts.values()), counts


@pytest.mark.parametrize("raw", SPAM_PAGES)
def test_spam_pages_give_no_documents(raw):
    docs, removals = _clean(raw, return_removed=True)
    assert docs == [], [(d.title, d.text[:40]) for d in docs]
    removed = _key(_removed_text(removals))
    missing = [line for line in raw.splitlines() if line.strip() and _key(line) not in removed]
    assert not missing, f"lines neither kept nor removed: {missing}"


@pytest.mark.parametrize("raw, must_stay", NEAR_MISSES)
def test_near_misses_survive(raw, must_stay):
    docs = _clean(raw)
    assert docs
    text = _key(_all_text(docs))
    lost = [s for s in must_stay if _key(s) not in text]
    assert not lost, f"content lost: {lost}"
    # Every non-empty line is content here: none of it may go, whole or in part.
    lost_lines = [line for line in raw.splitlines() if line.strip() and _key(line) not in text]
    assert not lost_lines, f"content lines changed or lost: {lost_lines}"


def test_activity_time_in_a_plan_is_not_a_publish_date():
    docs = _clean(NM_ACTIVITY_PLAN)
    assert docs and all(d.published is None for d in docs)


@pytest.mark.parametrize("raw, must_stay, must_go", NORMALISE)
def test_normalisation_on_realistic_lines(raw, must_stay, must_go):
    docs = _clean(raw)
    assert docs
    text = _key(_all_text(docs), keep_newlines=True)
    lost = [s for s in must_stay if _key(s, keep_newlines=True) not in text]
    left = [s for s in must_go if _key(s, keep_newlines=True) in text]
    assert not lost, f"expected after normalisation: {lost}"
    assert not left, f"should have been normalised away: {left}"


# --------------------------------------------------------------------------------------------
# the tables themselves: a must_go missing from its page would make a case pass vacuously


@pytest.mark.parametrize("raw, must_go, must_stay", BOILERPLATE)
def test_table_must_go_is_on_the_page_and_not_in_content(raw, must_go, must_stay):
    page = _key(raw)
    assert must_go and must_stay
    assert all(_key(s) in page for s in must_go), [s for s in must_go if _key(s) not in page]
    clash = [(g, s) for g in must_go for s in must_stay if _key(g) in _key(s)]
    assert not clash, clash


@pytest.mark.parametrize("raw, must_stay, must_go", NORMALISE)
def test_table_normalise_must_go_is_on_the_page(raw, must_stay, must_go):
    page = _key(raw, keep_newlines=True)
    assert all(_key(s, keep_newlines=True) in page for s in must_go)
    if must_go:  # a case that needs normalisation must expect something not already on the page
        assert any(_key(s, keep_newlines=True) not in page for s in must_stay)


@pytest.mark.parametrize("raw, must_stay", NEAR_MISSES)
def test_table_near_miss_content_is_on_the_page(raw, must_stay):
    page = _key(raw)
    assert all(_key(s) in page for s in must_stay)
