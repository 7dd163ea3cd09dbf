"""One Government story, its syndicated copies with light edits, and a different story that only
quotes it: the cases syndication must tell apart."""

from __future__ import annotations

STORY = [
    "Chiều 12/3, tại Trụ sở Chính phủ, Thủ tướng Chính phủ chủ trì phiên họp chuyên đề về xây dựng pháp "
    "luật tháng 3 năm 2025, thảo luận cho ý kiến về sáu dự án luật và một đề nghị xây dựng nghị quyết.",
    "Phát biểu khai mạc, Thủ tướng nhấn mạnh công tác xây dựng và hoàn thiện thể chế là đột phá của đột "
    "phá, cần tiếp tục đổi mới tư duy xây dựng pháp luật theo hướng vừa quản lý chặt chẽ vừa kiến tạo "
    "phát triển, khơi thông mọi nguồn lực cho tăng trưởng.",
    "Tại phiên họp, các thành viên Chính phủ tập trung thảo luận dự thảo Luật sửa đổi, bổ sung một số điều "
    "của Luật Ngân sách nhà nước, dự thảo Luật Thuế thu nhập doanh nghiệp sửa đổi và dự thảo Luật Quản lý "
    "nợ công sửa đổi, bảo đảm tính thống nhất của hệ thống pháp luật.",
    "\"Chúng ta phải làm đến đâu chắc đến đó, không cầu toàn, không nóng vội, nhưng không để chậm trễ làm "
    "lỡ cơ hội phát triển của đất nước\", Thủ tướng nói và yêu cầu các bộ, ngành khẩn trương tiếp thu ý kiến.",
    "Kết luận phiên họp, Thủ tướng giao Bộ Tư pháp chủ trì, phối hợp với các cơ quan liên quan hoàn thiện "
    "hồ sơ các dự án luật, trình Quốc hội xem xét tại kỳ họp thứ chín theo đúng tiến độ đề ra.",
]

QUOTE = STORY[3]

OTHER_STORY = [
    "Sáng 14/3, Ủy ban nhân dân tỉnh Hà Nam tổ chức hội nghị triển khai nhiệm vụ cải cách hành chính năm "
    "2025 với sự tham dự của lãnh đạo các sở, ban, ngành và các huyện, thị xã, thành phố trong tỉnh.",
    "Trích dẫn chỉ đạo của Thủ tướng tại phiên họp chuyên đề gần đây, Chủ tịch Ủy ban nhân dân tỉnh nêu:",
    QUOTE,
    "Hội nghị đã thống nhất giao Sở Nội vụ làm đầu mối theo dõi, đôn đốc các đơn vị thực hiện, báo cáo kết "
    "quả định kỳ hằng quý về Ủy ban nhân dân tỉnh để kịp thời tháo gỡ vướng mắc phát sinh.",
]


def retyped(paragraphs: list[str]) -> list[str]:
    """A copy re-typed with the old tone placement and a spelling slip."""
    return [p.replace("hoàn", "hoàn").replace("Thủ tướng", "Thủ Tướng").replace("hóa", "hoá") for p in paragraphs]
