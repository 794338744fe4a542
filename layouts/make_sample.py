"""Build the sample project: issue 2021-28 of 《中铝股份党群工作》, five A4 pages.

Run ``python layouts/make_sample.py`` (optionally with an output folder) to
write ``layouts/sample-2021-28.banmian/``. The sample is the editor's
demonstration file and the test bed of the composer and the exporters, so it
uses every kind of thing a real issue has: master pages (母版) — page 1 on
a masthead master (刊名, issue line and date as issue fields over a double
red rule), pages 2–5 on running-head masters (刊名 · 2021年第28期 · 第N版 and
a folio, all fields), each with the margins and the column grid its pages
are set on — a tinted quote box, a lead article in two columns, briefs in one, two
and three columns, red section banners, a story threaded through two linked
frames, photos with captions and text wrapped around a photo.

The text is the real issue's (copied from ``shared/seed/2021-28.md``), with
its two deliberate faults kept for the proofing checks: the doubled
character in 为为猫场铝矿 and the ASCII quotes in "请党放心，强国有我".

No real photos exist, so the script draws stand-ins: phone-sized JPEGs
labelled 示意图片 N with an "↑ 上" mark at their top edge, one stored
sideways with an EXIF Orientation tag, so a render shows at a glance whether
photos come out upright. Output is deterministic: the same script gives the
same bytes (no clocks, no randomness).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a plain script from anywhere

from editor.io.project import asset_name, save_project_folder  # noqa: E402
from editor.model import (  # noqa: E402
    PAGE_SIZES_PT,
    SANS_FAMILY,
    SERIF_FAMILY,
    Caption,
    CharacterStyle,
    Document,
    ImageFrame,
    Insets,
    IssueFields,
    MasterPage,
    Page,
    PageGrid,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
    TextWrap,
    mm_to_pt,
)
from editor.model.story import FieldName  # noqa: E402

OUTPUT = REPO / "layouts" / "sample-2021-28.banmian"
FONT_BOLD = REPO / "fonts" / "NotoSansSC-Bold.ttf"

RED = "党建红"
WHITE = "#FFFFFF"
COLORS = {RED: "#C8161D", "引语底色": "#FBF4EA", "深灰": "#333333"}

# ---------------------------------------------------------------- text of the issue

QUOTES_HEADING = "习近平总书记论新发展理念"
QUOTES: list[tuple[str, str]] = [
    (
        "煤炭作为我国主体能源，要按照绿色低碳的发展方向，对标实现碳达峰、碳中和目标任务，立足国情、控制总量、兜住底线，有序减量替代，推进煤炭消费转型升级。",
        "——习近平2021年9月13日至14日在陕西榆林考察时的讲话",
    ),
    (
        "我们要推动共同发展，坚持以人民为中心的发展思想，全面落实2030年可持续发展议程。要根据共同但有区别的责任原则，积极应对气候变化，促进绿色低碳转型，共建清洁美丽世界。",
        "——习近平2021年9月9日在金砖国家领导人第十三次会晤上的讲话",
    ),
    (
        "我们将提高开放水平，在全国推进实施跨境服务贸易负面清单，探索建设国家服务贸易创新发展示范区；我们将继续支持中小企业创新发展，深化新三板改革，设立北京证券交易所，打造服务创新型中小企业主阵地。",
        "——习近平2021年9月2日在2021年中国国际服务贸易交易会全球服务贸易峰会上的致辞",
    ),
    (
        "要巩固污染防治攻坚成果，坚持精准治污、科学治污、依法治污，以更高标准打好蓝天、碧水、净土保卫战，以高水平保护推动高质量发展、创造高品质生活，努力建设人与自然和谐共生的美丽中国。",
        "——习近平2021年8月30日在中央全面深化改革委员会第二十一次会议上的讲话",
    ),
    (
        "要加强创新突破，转变发展理念、创新发展模式、增强发展动能，确保高质量发展。要推进高水平科技自立自强，加快关键核心技术攻关，加快战略性、前沿性、颠覆性技术发展，发挥科技创新对我军建设战略支撑作用。",
        "——习近平2021年7月30日在十九届中央政治局第三十二次集体学习时的讲话",
    ),
]

LEAD_TITLE = "守正创新 凝心聚力"
LEAD_SUBTITLE = "为建设世界一流企业提供有力思想保证和强大精神力量"
LEAD_INTRO = "姚林就加强中铝集团宣传思想工作提出五点要求："
#: (bold lead-in, rest of the paragraph) for the five numbered points.
LEAD_POINTS: list[tuple[str, str]] = [
    (
        "一是坚定主心骨，构建宣传思想大格局。",
        "我们要自觉把思想和行动统一到习近平总书记重要讲话精神上来，充分认识新形势下做好宣传思想工作的重要性、紧迫性，以时不我待、只争朝夕的精神投入工作，不断坚定做强做优做大国有企业的战略定力。要高举思想旗帜，加强党的全面领导，构建大宣传格局。",
    ),
    (
        "二是唱响主旋律，汲取百年党史精神伟力。",
        "集团各级党组织要牢牢把握正确舆论导向，唱响主旋律，持续深入推进党史学习教育，重点抓好习近平总书记“七一”重要讲话精神学习宣传教育，不断凝聚做强做优做大国有企业的磅礴力量。要持续抓好党史学习教育宣传，精心组织主题宣传，深入开展基层宣讲。",
    ),
    (
        "三是聚焦主目标，提升文明文化软实力。",
        "我们要进一步坚定文化自信，践行社会主义核心价值观，增强品牌创新力、竞争力、影响力，加快形成与世界一流有色金属企业相适应的文明文化软实力，不断为做强做优做大国有企业提供有力支撑。要弘扬中铝企业精神，强化精神文明引领，激发中铝品牌活力。",
    ),
    (
        "四是把握主基调，激发改革发展新动能。",
        "集团全体党员干部要把思想和行动统一到党中央的决策部署上来，找准工作切入点和着力点，把职工群众的智慧和力量凝聚到实现集团“十四五”发展目标上来，不断激发做强做优做大国有企业的强大动能。要凝聚改革发展共识，激发改革发展动能，优化改革发展环境。",
    ),
    (
        "五是建强主力军，提振干事创业精气神。",
        "集团宣传思想工作者要有高的政治素质，才能“不畏浮云遮望眼”；有深的理论功底，才能“咬定青山不放松”；有强的本领能力，才能“乱云飞渡仍从容”，不断夯实做强做优做大国有企业的人才基础。要深化思想认识，创新工作方法，加强作风建设。",
    ),
]

BRIEF_PARTY_BUILDING = "云铝股份党委与交通银行云南省分行开展党建共建暨业务交流活动。本次党建共建以党史学习教育为契机，构建了双向促进、共同提高的新模式，双方表示通过党建共建深化合作，加强互信交流，提升党建工作水平，共同为央企做强做优贡献力量。中州铝业第二氧化铝厂党委开展主题党日活动，组织全体党员到尾矿车间大南爻拦渣坝，就自查发现的坝区3处漏点进行堵漏加固，有力保障了生产经营安全稳定运行。兰州铝业电解二作业区党支部针对电解槽火眼口积料多、中缝大块多、角部极保温料不足、极上保温料不均匀等炉面维护差的问题，组织党员战斗队开展“电解槽炉面大整形”义务劳动，集中力量解决这一问题，目前炉面整形有了明显改善，取得了较好的效果。"
BRIEF_CHONGQING = "近日，中铝物流重庆公司（简称重庆物流）入选2021重庆服务业100强。重庆物流秉承“至诚至信，尽善尽美”的经营管理理念，及时提出“谨慎开展运输，围绕物流要素延伸拓展业务”的经营策略，按照“有利兼可为”的原则，坚定不移地向外拓展业务，对内则以“控制人工成本和落实优惠政策”为抓手，千方百计降低成本，在消费疲软、物流不畅的情况下，全体干部职工坚定信心、攻坚克难，圆满完成了上级下达的各项经济技术指标。据悉，自2004年开始，重庆已经连续18年对外发布“重庆企业100强”榜单，重庆物流已连续多年入围。"
BANNER_PRACTICE = "践·铝之行"
CONTEST_HEADING = "中铝股份举办党建工作“大学习、大比武、大落实”竞赛"
CONTEST_PARAGRAPHS = [
    "9月23至24日，中铝股份党建工作“大学习、大比武、大落实”竞赛在包头铝业举行。此次竞赛分“活力党支部”“创新工作法”“书记上讲台”“聚力解难题”“知识竞答”五个单项，来自中铝股份16个实体企业党委的90余名选手参加竞赛。公司党委副书记、纪委书记欧小武出席竞赛闭幕式并讲话，期间还听取了包头铝业党建工作情况汇报。",
    "欧小武在讲话中指出，此次竞赛是中铝股份贯彻落实集团“对标新要求、对标好经验，抓好党建工作大落实、质量大提升”活动的重要举措，同时也是对党建工作成果的大检验，要通过此次技能比拼和对标交流，引导和激发广大党务工作者本职岗位，不断提升党建工作与生产经营深度融合的能力。全体党务工作者要进一步加强政治理论学习，不断提高党建工作质量，强化责任担当，为推进高质量发展、加快建设具有全球竞争力的世界一流铝业公司贡献力量。",
]
CAPTION_CONTEST_TALK = "竞赛期间，所属企业部分党支部书记、党务工作者围绕支部建设、党务工作与先进基层党支部开展了座谈交流。"
CAPTION_CONTEST_PRIZE = "经过角逐，云铝股份、包头铝业、郑州研究院获得此次竞赛一等奖。"

BRIEF_GUANGXI = [
    "日前，广西华昇43个班组具备使用活动视频记录系统条件，实现了班组活动区域视频录制全覆盖。",
    "据了解，班组活动视频记录系统的建立是该公司打造“数智”华昇的举措之一。针对建立班组活动视频记录系统过程中发现的问题，广西华昇多次组织人员进行研究探讨，集思广益，梳理优化建立方案。经过系统建模，并不断地测试、修改、完善，最终于9月中旬成功上线“硬件+软件”的班组活动视频记录系统。该系统具有存储数据全面、不易丢失、查询方便等特点。班组活动信息化，有效将班组人员从繁琐的记录工作中解脱出来，为班组员工减负的同时规范了班组活动流程。",
]
BRIEF_GUIZHOU = "贵州分公司矿业公司为为猫场铝矿11个班组发放爱心药箱，药箱内配备了速效救心丸、感冒药、创可贴等18种常见病症应急药品，为员工在工作中出现不适情况提供及时服务。宁夏能源银星能源紧盯职工群众反映最强烈的热点问题，针对现场生产车辆车况差、使用频率高等实际困难，租赁生产车辆10台次，有效解决了生产现场用车难题。中铝国贸集团内蒙国贸党支部开展驻外员工家属慰问活动，为驻蒙员工家属送去节日慰问和中秋节的美好祝福。遵义铝业动力厂直属党支部与一线员工进行座谈交流，倾听和了解员工思想状况，并就员工关心的绩效分配、班组减负等事项进行交流探讨和答疑解惑，引导员工群众立足本职岗位，同心同向、齐心协力为企业发展多作贡献。"
BANNER_MASSES = "群众无小事 点滴暖人心"
CAPTION_SHANDONG = "中铝山东第二氧化铝厂扎实开展“我为群众办实事”活动，近期，围绕现场治理难点进行集中整治，多次组织党员骨干到站八股及矿场周边进行劳动，现场环境得到持续改善。"

YOUTH_HEADING = "公司多个作品在集团第二届青年新媒体技能比武中获奖"
YOUTH_TEXT = '据了解，此次青年新媒体技能比武旨在充分发挥团组织优势，加强新媒体人才的培养，管好用好新媒体技术和互联网阵地，抓好青年思想政治工作和舆论引导，以青年喜闻乐见的形式，弘扬主旋律，传播正能量，引领青年坚定不移听党话、跟党走，践行"请党放心，强国有我"的青春誓言，为建设具有全球竞争力的世界一流有色金属企业汇聚青春力量。'
SKILLS_HEADING = "云铝股份举办第十一届青工技术技能大赛总决赛"
SKILLS_PARAGRAPHS = [
    "9月24日，由云铝股份工会、团委主办，云铝淯鑫工会、团委承办的云铝第十一届青工技术技能大赛总决赛在云铝淯鑫开幕。各参赛企业选手、领队、大赛裁判员、志愿者及工作人员近120人参赛。",
    "近年来，云铝股份不断加大职业技能人才的培养力度，加快培养新形势下符合公司发展需求的技能人才队伍，为云铝高质量发展提供人才支撑。",
]
CAPTION_SKILLS = "▲图为云铝股份青工技术技能大赛现场。"

# ---------------------------------------------------------------- styles


#: The house paragraph styles every template in layouts/ has (the sample has more).
HOUSE_STYLES = ("大标题", "副标题", "引题", "正文", "引文", "署名", "图注", "栏目名", "版头")


def paragraph_styles() -> dict[str, ParagraphStyle]:
    """The issue's paragraph styles: 10.5 pt (五号) serif body on a 17.5 pt pitch, sans headings.

    The house set (``HOUSE_STYLES``) is among them; 刊头, 期号, 引语标题, 导语,
    要闻正文, 文章标题 and 简讯 are the sample's own.
    """
    styles = [
        ParagraphStyle(name="刊头", font_family=SERIF_FAMILY, bold=True, size_pt=46.0, leading_pt=58.0,
                       color=RED, alignment="center", first_line_indent_chars=0.0, letter_spacing_em=0.08),
        ParagraphStyle(name="期号", font_family=SERIF_FAMILY, size_pt=12.0, leading_pt=20.0,
                       alignment="center", first_line_indent_chars=0.0),
        ParagraphStyle(name="引语标题", font_family=SANS_FAMILY, bold=True, size_pt=16.0, leading_pt=28.0,
                       color=RED, alignment="center", first_line_indent_chars=0.0, space_after_pt=6.0,
                       letter_spacing_em=0.1, keep_with_next=True),
        ParagraphStyle(name="引文", font_family=SERIF_FAMILY, size_pt=12.5, leading_pt=25.0,
                       alignment="justify", first_line_indent_chars=2.0),
        ParagraphStyle(name="署名", font_family=SANS_FAMILY, size_pt=10.0, leading_pt=18.0, color="深灰",
                       alignment="right", first_line_indent_chars=0.0, space_after_pt=14.0),
        ParagraphStyle(name="引题", font_family=SANS_FAMILY, size_pt=12.0, leading_pt=20.0,
                       alignment="center", first_line_indent_chars=0.0, keep_with_next=True),
        ParagraphStyle(name="大标题", font_family=SANS_FAMILY, bold=True, size_pt=30.0, leading_pt=56.0,
                       color=RED, alignment="center", first_line_indent_chars=0.0, letter_spacing_em=0.1,
                       keep_with_next=True),
        ParagraphStyle(name="副标题", font_family=SANS_FAMILY, size_pt=14.0, leading_pt=24.0,
                       alignment="center", first_line_indent_chars=0.0, space_after_pt=10.0, keep_with_next=True),
        ParagraphStyle(name="导语", font_family=SANS_FAMILY, bold=True, size_pt=14.0, leading_pt=28.0,
                       alignment="left", first_line_indent_chars=2.0, space_before_pt=6.0),
        ParagraphStyle(name="要闻正文", font_family=SERIF_FAMILY, size_pt=14.0, leading_pt=28.0,
                       alignment="justify", first_line_indent_chars=2.0, space_after_pt=8.0),
        ParagraphStyle(name="文章标题", font_family=SANS_FAMILY, bold=True, size_pt=15.0, leading_pt=24.0,
                       alignment="center", first_line_indent_chars=0.0, space_after_pt=4.0, keep_with_next=True),
        ParagraphStyle(name="正文", font_family=SERIF_FAMILY, size_pt=10.5, leading_pt=17.5,
                       alignment="justify", first_line_indent_chars=2.0),
        ParagraphStyle(name="简讯", font_family=SERIF_FAMILY, size_pt=10.0, leading_pt=17.5,
                       alignment="justify", first_line_indent_chars=2.0),
        ParagraphStyle(name="栏目名", font_family=SANS_FAMILY, bold=True, size_pt=14.0, leading_pt=20.0,
                       color=WHITE, alignment="center", first_line_indent_chars=0.0, letter_spacing_em=0.3),
        ParagraphStyle(name="图注", font_family=SANS_FAMILY, size_pt=9.0, leading_pt=14.0,
                       color="深灰", alignment="justify", first_line_indent_chars=0.0),
        ParagraphStyle(name="版头", font_family=SANS_FAMILY, size_pt=9.0, leading_pt=14.0, color="深灰",
                       alignment="center", first_line_indent_chars=0.0, letter_spacing_em=0.05),
    ]
    return {style.name: style for style in styles}


def character_styles() -> dict[str, CharacterStyle]:
    """Lead-ins of the numbered points are set bold sans, as in the original."""
    return {"要点": CharacterStyle(name="要点", font_family=SANS_FAMILY, bold=True)}


# ---------------------------------------------------------------- stand-in photos

PHONE_LANDSCAPE_PX = (4032, 3024)
JPEG_QUALITY = 85


@dataclass(frozen=True)
class StandIn:
    """One stand-in photo: its number, what it stands for, colours, and orientation."""

    number: int
    subject: str
    sky: tuple[tuple[int, int, int], tuple[int, int, int]]
    ground: tuple[int, int, int]
    portrait: bool = False
    #: Store the pixels sideways and let the EXIF tag (6) turn them upright.
    stored_sideways: bool = False


STAND_INS = [
    StandIn(1, "党建共建交流", ((60, 110, 190), (200, 225, 245)), (90, 120, 80), portrait=True, stored_sideways=True),
    StandIn(2, "竞赛座谈交流", ((200, 120, 60), (250, 220, 170)), (120, 90, 70)),
    StandIn(3, "竞赛颁奖现场", ((150, 40, 50), (240, 180, 160)), (80, 60, 60)),
    StandIn(4, "班组活动视频记录", ((40, 120, 130), (190, 230, 220)), (70, 100, 110)),
    StandIn(5, "现场环境整治", ((90, 140, 60), (220, 240, 190)), (110, 100, 60)),
    StandIn(6, "青工技术技能大赛", ((70, 70, 150), (210, 210, 245)), (80, 80, 100)),
]


def _vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """A smooth top-to-bottom blend, built small and scaled up (fast, compresses well)."""
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _draw_stand_in(spec: StandIn) -> Image.Image:
    """The upright picture: sky, sun, hills, a factory outline, and big labels."""
    width, height = PHONE_LANDSCAPE_PX[::-1] if spec.portrait else PHONE_LANDSCAPE_PX
    picture = _vertical_gradient((width, height), *spec.sky)
    draw = ImageDraw.Draw(picture)
    horizon = int(height * 0.68)
    sun = (int(width * 0.78), int(height * 0.22))
    radius = int(min(width, height) * 0.09)
    draw.ellipse((sun[0] - radius, sun[1] - radius, sun[0] + radius, sun[1] + radius), fill=(255, 236, 170))
    far_hill = tuple(min(255, c + 40) for c in spec.ground)
    draw.polygon([(0, horizon), (width * 0.3, horizon - height * 0.16), (width * 0.62, horizon),
                  (width, horizon - height * 0.1), (width, height), (0, height)], fill=far_hill)
    draw.rectangle((0, horizon + height * 0.06, width, height), fill=spec.ground)
    # A plant: halls and two chimneys, so the picture reads as an industrial scene.
    base = horizon + int(height * 0.06)
    hall = (60, 64, 72)
    draw.rectangle((width * 0.08, base - height * 0.12, width * 0.34, base), fill=hall)
    draw.rectangle((width * 0.36, base - height * 0.08, width * 0.55, base), fill=hall)
    draw.rectangle((width * 0.14, base - height * 0.3, width * 0.17, base), fill=hall)
    draw.rectangle((width * 0.22, base - height * 0.26, width * 0.25, base), fill=hall)
    _draw_labels(draw, spec, width, height)
    return picture


def _draw_labels(draw: ImageDraw.ImageDraw, spec: StandIn, width: int, height: int) -> None:
    """示意图片 N in the middle, the subject under it, and ↑ 上 at the top edge."""
    short = min(width, height)
    title_font = ImageFont.truetype(str(FONT_BOLD), int(short * 0.115))
    subject_font = ImageFont.truetype(str(FONT_BOLD), int(short * 0.055))
    up_font = ImageFont.truetype(str(FONT_BOLD), int(short * 0.075))
    centre_x, centre_y = width // 2, height // 2
    panel_w, panel_h = int(short * 0.8), int(short * 0.34)
    draw.rounded_rectangle(
        (centre_x - panel_w // 2, centre_y - panel_h // 2, centre_x + panel_w // 2, centre_y + panel_h // 2),
        radius=int(short * 0.03), fill=(255, 255, 255), outline=(200, 22, 29), width=int(short * 0.008),
    )
    draw.text((centre_x, centre_y - int(short * 0.05)), f"示意图片 {spec.number}", font=title_font,
              fill=(200, 22, 29), anchor="mm")
    draw.text((centre_x, centre_y + int(short * 0.1)), spec.subject, font=subject_font, fill=(51, 51, 51), anchor="mm")
    tab_w, tab_h = int(short * 0.26), int(short * 0.11)
    draw.rectangle((centre_x - tab_w // 2, 0, centre_x + tab_w // 2, tab_h), fill=(200, 22, 29))
    draw.text((centre_x, tab_h // 2), "↑ 上", font=up_font, fill=(255, 255, 255), anchor="mm")


def _phone_exif(orientation: int) -> Image.Exif:
    """A plausible phone EXIF block: 72 dpi, a fixed date, the orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Banmian"  # Make
    exif[0x0110] = "Sample Phone"  # Model
    exif[0x0112] = orientation
    exif[0x011A] = 72.0  # XResolution
    exif[0x011B] = 72.0  # YResolution
    exif[0x0128] = 2  # ResolutionUnit: inch
    exif[0x0131] = "layouts/make_sample.py"  # Software
    exif[0x0132] = "2021:09:24 10:30:00"  # DateTime
    return exif


def stand_in_jpeg(spec: StandIn) -> bytes:
    """The stand-in as a phone would store it (sideways plus tag 6 when asked)."""
    picture = _draw_stand_in(spec)
    orientation = 1
    if spec.stored_sideways:
        # Tag 6 means "turn 90° clockwise to view", so store it turned anticlockwise.
        picture = picture.transpose(Image.Transpose.ROTATE_90)
        orientation = 6
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, dpi=(72, 72), exif=_phone_exif(orientation))
    return buffer.getvalue()


# ---------------------------------------------------------------- building blocks


def mm(length_mm: float) -> float:
    """Millimetres to points, rounded so document.json stays readable."""
    return round(mm_to_pt(length_mm), 2)


def plain(style: str, text: str) -> Paragraph:
    return Paragraph(style=style, runs=[Run(text=text)])


def field_run(name: FieldName) -> Run:
    return Run(field=name)


def issue_line() -> Paragraph:
    """2021年第28期（总第28期）, all three numbers as fields."""
    return Paragraph(style="期号", runs=[field_run("year"), Run(text="年第"), field_run("number"),
                                       Run(text="期（总第"), field_run("total_number"), Run(text="期）")])


def running_head_line() -> Paragraph:
    """刊名 · 2021年第28期 · 第N版, every part a field (版次 gives each page its own)."""
    return Paragraph(style="版头", runs=[field_run("title"), Run(text=" · "), field_run("year"), Run(text="年第"),
                                       field_run("number"), Run(text="期 · "), field_run("edition")])


def folio_line() -> Paragraph:
    """— N —: the page number as a field."""
    return Paragraph(style="版头", runs=[Run(text="— "), field_run("page"), Run(text=" —")])


class Builder:
    """Collects masters, stories, frames and photos into a Document, one page at a time.

    Frames go to the master or page made last (``new_master``, ``new_page``).
    Geometry is in mm from the page's top-left corner.
    """

    def __init__(self, page_size: str = "A4", margin_mm: float = 18.0, photos: bool = True) -> None:
        width_pt, height_pt = PAGE_SIZES_PT[page_size]
        self.margins = Insets(top_pt=mm(margin_mm), right_pt=mm(margin_mm), bottom_pt=mm(margin_mm),
                              left_pt=mm(margin_mm))
        self.doc = Document(
            page_width_pt=width_pt, page_height_pt=height_pt, margins=self.margins,
            issue=IssueFields(title="中铝股份党群工作", year=2021, number=28, total_number=28,
                              date="2021-09-29", publisher="党群工作部"),
            colors=dict(COLORS),
            paragraph_styles=paragraph_styles(),
            character_styles=character_styles(),
        )
        self.photos = {spec.number: self._add_asset(stand_in_jpeg(spec)) for spec in STAND_INS} if photos else {}
        self.frames: list[TextFrame | ImageFrame | ShapeFrame] | None = None

    def _add_asset(self, data: bytes) -> str:
        name = asset_name(data, "jpg")
        self.doc.assets[name] = data
        return name

    def new_master(self, master_id: str, name: str, columns: int, gutter_mm: float) -> None:
        """A master with the document's margins and a grid of ``columns``; its items come next."""
        master = MasterPage(id=master_id, name=name, margins=self.margins,
                            grid=PageGrid(columns=columns, gutter_pt=mm(gutter_mm)))
        self.doc.masters.append(master)
        self.frames = master.frames

    def new_page(self, master_id: str | None = None) -> None:
        page = Page(id=f"p{len(self.doc.pages) + 1}", master_id=master_id)
        self.doc.pages.append(page)
        self.frames = page.frames

    def story(self, story_id: str, name: str, paragraphs: Sequence[Paragraph], fixed: bool = False) -> str:
        self.doc.stories[story_id] = Story(id=story_id, name=name, paragraphs=list(paragraphs), fixed=fixed)
        return story_id

    def add(self, frame: TextFrame | ImageFrame | ShapeFrame) -> None:
        assert self.frames is not None
        self.frames.append(frame)

    def text(self, frame_id: str, story_id: str, x: float, y: float, w: float, h: float, **options: Any) -> TextFrame:
        """A text frame; geometry in mm from the page's top-left corner."""
        frame = TextFrame(id=frame_id, story_id=story_id, x_pt=mm(x), y_pt=mm(y), width_pt=mm(w),
                          height_pt=mm(h), **options)
        self.add(frame)
        return frame

    def photo(self, frame_id: str, number: int, x: float, y: float, w: float, h: float, **options: Any) -> ImageFrame:
        """An image frame showing stand-in photo ``number`` (empty when there is none); geometry in mm."""
        frame = ImageFrame(id=frame_id, asset=self.photos.get(number), x_pt=mm(x), y_pt=mm(y), width_pt=mm(w),
                           height_pt=mm(h), **options)
        self.add(frame)
        return frame

    def rule(self, frame_id: str, x: float, y: float, w: float, weight_pt: float) -> None:
        self.add(ShapeFrame(id=frame_id, shape="rule", x_pt=mm(x), y_pt=mm(y), width_pt=mm(w), height_pt=0.0,
                            stroke=RED, stroke_width_pt=weight_pt))

    def banner(self, frame_id: str, story_id: str, text: str, x: float, y: float, w: float, h: float) -> None:
        """A section banner: white bold text centred on a red band; design text, kept by 新建下一期."""
        self.story(story_id, f"栏目：{text}", [plain("栏目名", text)], fixed=True)
        self.text(frame_id, story_id, x, y, w, h, fill=RED, vertical_align="center")

    def masthead_master(self, master_id: str, left: float, width: float, columns: int, gutter_mm: float) -> None:
        """刊头 master: 刊名, issue line, department and date (all fields) over a double red rule."""
        self.new_master(master_id, "刊头", columns, gutter_mm)
        self.story("masthead", "刊头", [
            Paragraph(style="刊头", runs=[field_run("title")]),
            issue_line(),
            Paragraph(style="期号", runs=[field_run("publisher"), Run(text="\u3000"), field_run("date")]),
        ])
        self.text(f"{master_id}-masthead", "masthead", left, 20, width, 35)
        self.rule(f"{master_id}-rule-thick", left, 57, width, 3.0)
        self.rule(f"{master_id}-rule-thin", left, 58.6, width, 0.75)

    def running_head_master(self, master_id: str, name: str, left: float, width: float, columns: int,
                            gutter_mm: float) -> None:
        """版头 master: the running head and a thin rule in the top margin, the folio in the bottom one."""
        self.new_master(master_id, name, columns, gutter_mm)
        top_mm = self.margins.top_pt / mm(1)
        bottom_mm = (self.doc.page_height_pt - self.margins.bottom_pt) / mm(1)
        self.story(f"{master_id}-head", f"{name}：刊名和期号", [running_head_line()])
        self.text(f"{master_id}-head", f"{master_id}-head", left, top_mm - 11, width, 6.5)
        self.rule(f"{master_id}-rule", left, top_mm - 3.5, width, 0.5)
        self.story(f"{master_id}-folio", f"{name}：页码", [folio_line()])
        self.text(f"{master_id}-folio", f"{master_id}-folio", left, bottom_mm + 4, width, 6.5)


# Geometry in mm from the page's top-left corner. Margins 18 mm; a grid of three
# 54 mm columns with 6 mm gutters (A, B, C). Heights of text frames are whole
# lines of their style (17.5 pt pitch ≈ 6.17 mm), found by composing the pages
# until nothing was overset and columns ended level.
LEFT, WIDTH, BOTTOM = 18.0, 174.0, 279.0
COL_A, COL_B, COL_C, COL_W = 18.0, 78.0, 138.0, 54.0
TWO_COL_W = 114.0
GUTTER_PT = mm(6)
P2_HEAD_H = 44.0
P3_BRIEF_H = 62.0  # 10 lines in each of two columns
P3_CHONGQING_H = 99.0  # 16 lines
P3_PHOTO_X, P3_PHOTO_W, P3_TALK_H = 74.0, 58.0, 48.0
P4_GUANGXI_H = 105.5  # 17 lines
P4_GUIZHOU_H = 43.5  # 7 lines in each of three columns
P5_TEXT_H = 25.0  # 4 lines


def masters(b: Builder) -> None:
    """刊头 for page 1 (one column: the quote box); 版头 masters on the pages' own grids."""
    b.masthead_master("m-masthead", LEFT, WIDTH, columns=1, gutter_mm=6)
    b.running_head_master("m-head-2", "版头·双栏", LEFT, WIDTH, columns=2, gutter_mm=6)
    b.running_head_master("m-head-3", "版头·三栏", LEFT, WIDTH, columns=3, gutter_mm=6)


def page_1(b: Builder) -> None:
    """On the 刊头 master: the quotes in a tinted box."""
    b.new_page("m-masthead")
    paragraphs = [plain("引语标题", QUOTES_HEADING)]
    for quote, attribution in QUOTES:
        paragraphs += [plain("引文", quote), plain("署名", attribution)]
    b.story("quotes", "习近平总书记论新发展理念", paragraphs)
    pad = mm(7)
    b.text("p1-quotes", "quotes", LEFT, 66, WIDTH, BOTTOM - 66, fill="引语底色", stroke=RED, stroke_width_pt=0.75,
           insets=Insets(top_pt=pad, right_pt=pad, bottom_pt=pad, left_pt=pad), vertical_align="center")


def page_2(b: Builder) -> None:
    """Lead article on the two-column master: heading block, then the five points threaded through two frames."""
    b.new_page("m-head-2")
    b.story("lead-head", "守正创新 凝心聚力（标题）", [
        plain("大标题", LEAD_TITLE),
        plain("副标题", LEAD_SUBTITLE),
        plain("导语", LEAD_INTRO),
    ])
    b.text("p2-lead-head", "lead-head", LEFT, 18, WIDTH, P2_HEAD_H)
    rule_y = 18 + P2_HEAD_H + 2
    b.rule("p2-rule", LEFT, rule_y, WIDTH, 0.75)
    b.story("lead", "守正创新 凝心聚力", [
        Paragraph(style="要闻正文", runs=[Run(text=lead, char_style="要点"), Run(text=rest)])
        for lead, rest in LEAD_POINTS
    ])
    # Two single-column frames threaded left → right: the sample's linked pair.
    body_y = rule_y + 8
    b.text("p2-lead-left", "lead", COL_A, body_y, 84, BOTTOM - body_y, next_frame_id="p2-lead-right")
    b.text("p2-lead-right", "lead", 108, body_y, 84, BOTTOM - body_y)


def page_3(b: Builder) -> None:
    """Briefs in two columns and in a narrow column, banner, contest report wrapped round two photos."""
    b.new_page("m-head-3")
    b.story("brief-party", "简讯：党建共建", [plain("简讯", BRIEF_PARTY_BUILDING)])
    b.text("p3-brief-party", "brief-party", COL_A, 18, TWO_COL_W, P3_BRIEF_H, columns=2, gutter_pt=GUTTER_PT)
    b.photo("p3-photo-party", 1, COL_C, 18, COL_W, 72)
    b.story("brief-chongqing", "简讯：重庆物流", [plain("简讯", BRIEF_CHONGQING)])
    b.text("p3-brief-chongqing", "brief-chongqing", COL_C, 94, COL_W, P3_CHONGQING_H)
    top = 18 + P3_BRIEF_H + 4
    b.banner("p3-banner", "banner-practice", BANNER_PRACTICE, COL_A, top, TWO_COL_W, 9)
    b.story("contest-head", "竞赛（标题）", [
        Paragraph(style="文章标题", runs=[Run(text="中铝股份举办党建工作\n“大学习、大比武、大落实”竞赛")]),
    ])
    b.text("p3-contest-head", "contest-head", COL_A, top + 11, TWO_COL_W, 17)
    b.story("contest", "中铝股份举办党建工作竞赛", [plain("正文", text) for text in CONTEST_PARAGRAPHS])
    contest_top = top + 30
    b.text("p3-contest", "contest", COL_A, contest_top, TWO_COL_W, BOTTOM - contest_top)
    # Both photos ask the text to wrap; each wrap box includes the photo's caption.
    wrap = TextWrap(mode="around", gap_pt=mm(3))
    b.story("caption-contest-talk", "图片说明：座谈交流", [plain("图注", CAPTION_CONTEST_TALK)])
    b.photo("p3-photo-talk", 2, P3_PHOTO_X, contest_top + 2, P3_PHOTO_W, P3_TALK_H, wrap=wrap,
            caption=Caption(story_id="caption-contest-talk", placement="below", gap_pt=mm(1.5), extent_pt=mm(15)))
    # The prize photo reaches under the narrow brief column; panned down so its top edge shows.
    prize_y = 94 + P3_CHONGQING_H + 4
    prize_w = LEFT + WIDTH - P3_PHOTO_X
    caption_h = 6.0
    prize_h = BOTTOM - prize_y - caption_h - 1.5
    b.story("caption-contest-prize", "图片说明：一等奖", [plain("图注", CAPTION_CONTEST_PRIZE)])
    b.photo("p3-photo-prize", 3, P3_PHOTO_X, prize_y, prize_w, prize_h, wrap=wrap,
            offset_y_pt=mm((prize_w * 3 / 4 - prize_h) / 2),
            caption=Caption(story_id="caption-contest-prize", placement="below", gap_pt=mm(1.5), extent_pt=mm(caption_h)))


def page_4(b: Builder) -> None:
    """A narrow brief beside a photo, a three-column brief, a banner, a photo with its caption beside."""
    b.new_page("m-head-3")
    b.story("brief-guangxi", "简讯：广西华昇", [plain("简讯", text) for text in BRIEF_GUANGXI])
    b.text("p4-brief-guangxi", "brief-guangxi", COL_A, 18, COL_W, P4_GUANGXI_H)
    b.photo("p4-photo-guangxi", 4, COL_B, 18, TWO_COL_W, P4_GUANGXI_H)
    guizhou_y = 18 + P4_GUANGXI_H + 5
    b.story("brief-guizhou", "简讯：贵州分公司等", [plain("简讯", BRIEF_GUIZHOU)])
    b.text("p4-brief-guizhou", "brief-guizhou", LEFT, guizhou_y, WIDTH, P4_GUIZHOU_H, columns=3, gutter_pt=GUTTER_PT)
    banner_y = guizhou_y + P4_GUIZHOU_H + 5
    b.banner("p4-banner", "banner-masses", BANNER_MASSES, LEFT, banner_y, WIDTH, 9)
    b.story("caption-shandong", "图片说明：中铝山东", [plain("图注", CAPTION_SHANDONG)])
    photo_y = banner_y + 9 + 5
    b.photo("p4-photo-shandong", 5, COL_A, photo_y, TWO_COL_W, BOTTOM - photo_y,
            caption=Caption(story_id="caption-shandong", placement="right", gap_pt=mm(6), extent_pt=mm(COL_W)))


def page_5(b: Builder) -> None:
    """Two youth and skills reports in two columns, and a large photo with its caption below."""
    b.new_page("m-head-3")
    two_columns = {"columns": 2, "gutter_pt": GUTTER_PT}
    b.story("youth-head", "青年新媒体技能比武（标题）", [plain("文章标题", YOUTH_HEADING)])
    b.text("p5-youth-head", "youth-head", LEFT, 18, WIDTH, 10)
    b.story("youth", "青年新媒体技能比武", [plain("正文", YOUTH_TEXT)])
    b.text("p5-youth", "youth", LEFT, 30, WIDTH, P5_TEXT_H, **two_columns)
    rule_y = 30 + P5_TEXT_H + 4
    b.rule("p5-rule", LEFT, rule_y, WIDTH, 0.75)
    b.story("skills-head", "青工技术技能大赛（标题）", [plain("文章标题", SKILLS_HEADING)])
    b.text("p5-skills-head", "skills-head", LEFT, rule_y + 4, WIDTH, 10)
    b.story("skills", "青工技术技能大赛", [plain("正文", t) for t in SKILLS_PARAGRAPHS])
    skills_y = rule_y + 16
    b.text("p5-skills", "skills", LEFT, skills_y, WIDTH, P5_TEXT_H, **two_columns)
    b.story("caption-skills", "图片说明：技能大赛", [plain("图注", CAPTION_SKILLS)])
    photo_y = skills_y + P5_TEXT_H + 6
    caption_h = 6.0
    b.photo("p5-photo-skills", 6, LEFT, photo_y, WIDTH, BOTTOM - photo_y - caption_h - 2,
            caption=Caption(story_id="caption-skills", placement="below", gap_pt=mm(2), extent_pt=mm(caption_h)))


def build_document() -> Document:
    """The whole sample issue as a Document (photos in ``doc.assets``)."""
    builder = Builder()
    for make_page in (masters, page_1, page_2, page_3, page_4, page_5):
        make_page(builder)
    return builder.doc


def main(argv: Sequence[str]) -> int:
    output = Path(argv[0]) if argv else OUTPUT
    save_project_folder(build_document(), output)
    print(f"已写入样例项目：{output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
