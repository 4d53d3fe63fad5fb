"""The one query every screen polls (by GET, so responses carry an ETag).

`generatedAt` is left out on purpose: a field that changes on every request would change the
ETag too, and the screen would download the same content every minute instead of getting 304.
"""

SCREEN_QUERY = """
query SignageScreen($screen: String!) {
  signage(screen: $screen) {
    contentVersion
    day
    screen {
      slug name location orientation secondsPerSlide opensAt closesAt isOpenNow
      venue { name }
    }
    emergency { ...notice }
    nowAndNext { room now { ...entry } next { ...entry } }
    today { ...entry }
    thisWeek { ...entry }
    recruitingGroups { name summary meetingSchedule isSample }
    notices { ...notice }
  }
}
fragment entry on SignageEntry {
  title room venueName atScreenVenue startsAt endsAt allDay status statusLabel isSample
}
fragment notice on SignageNotice { title priority text displayUntil isSample }
"""

# Sent in every poll's URL, so without the indentation.
COMPACT_SCREEN_QUERY = " ".join(SCREEN_QUERY.split())
