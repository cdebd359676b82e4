"""The commitment a worker signs to register (承诺书, clause 十五).

Clause 十五: 对信息真实性作出书面承诺后，无需再次提供就业证明材料. The text is versioned: a registration keeps
the exact text and version that was signed, so a later change of wording never rewrites what someone
promised. A new wording gets a new version.
"""

from __future__ import annotations

COMMITMENT_VERSION = "2021-11-v1"

COMMITMENT_TEXT = """灵活就业人员就业登记承诺书

本人自愿申请办理灵活就业人员就业登记，依据《关于支持多渠道灵活就业的若干措施》（连政办发〔2021〕50号）第十五条，实行承诺制登记，郑重承诺如下：

一、本人所填报的姓名、身份证号码、登记地、就业形式、收入及工作地点等信息真实、准确、完整，本人确实以所填报的形式从事灵活就业。

二、本人知悉：作出本书面承诺后，无需再提供劳动合同、营业执照、收入证明等就业证明材料；人力资源社会保障部门将按比例随机抽取登记信息进行核查（抽查），本人将如实配合。

三、本人的就业状况发生变化（如停止灵活就业、被用人单位录用、迁出本市）时，将及时办理登记变更或终止。

四、如有虚假承诺，本人愿意承担相应责任：登记予以撤销，已享受的相关扶持政策按规定退回，并依法依规记入信用记录。

本人已阅读并理解上述内容，以电子方式签署本承诺书，与书面签字具有同等效力。
"""


def commitment_current() -> tuple[str, str]:
    """The version and text a worker signs today."""
    return COMMITMENT_VERSION, COMMITMENT_TEXT
