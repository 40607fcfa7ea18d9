#!/usr/bin/env python3
"""Write the history import fixtures (tests/fixtures/history/) in the vendors' real layouts.

Deterministic: run it again and nothing changes. The LinkedIn workbook is written by the
Rust test helper `cargo test -p cadence-history --test fixtures write_linkedin -- --ignored`.
"""
import codecs
import csv
import io
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "history")
os.makedirs(OUT, exist_ok=True)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def csv_text(rows, delimiter=",", lineterminator="\r\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator)
    w.writerows(rows)
    return buf.getvalue()


# 1. Mailchimp campaign report: 40 columns, "Jun 09, 2018 09:30 pm" dates, % rates.
MC_HEADER = [
    "Title", "Subject", "List", "Send Date", "Send Weekday", "Total Recipients",
    "Successful Deliveries", "Soft Bounces", "Hard Bounces", "Total Bounces",
    "Times Forwarded", "Forwarded Opens", "Unique Opens", "Open Rate", "Total Opens",
    "Unique Clicks", "Click Rate", "Total Clicks", "Unsubscribes", "Abuse Complaints",
    "Times Liked on Facebook", "Folder Id", "Unique Id", "Total Orders", "Total Gross Sales",
    "Total Revenue", "Analytics ROI", "Campaign Cost", "Total Conversions", "Revenue Created",
    "Visits", "New Visits", "Pages/Visit", "Bounce Rate", "Time on Site", "Goal Conversions",
    "Per Visit Goal Value", "Total Goal Value", "Google Analytics", "Tags",
]
assert len(MC_HEADER) == 40
mc = [MC_HEADER]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
for i in range(12):
    recipients = 12000 + i * 37
    soft, hard = 40 + i, 12 + i
    delivered = recipients - soft - hard
    opens = delivered * 41 // 100
    clicks = delivered * 3 // 100
    hour = 9 + (i % 3)
    meridiem = "am" if i % 2 == 0 else "pm"
    date = f"{months[i]} {9 + i:02d}, 2018 {hour:02d}:30 {meridiem}"
    row = [
        f"Newsletter {i + 1}", f"Spring news #{i + 1}", "Main List" if i % 4 else "VIP",
        date, "Saturday", f"{recipients:,}", f"{delivered:,}", soft, hard, soft + hard, 0, 0,
        f"{opens:,}", f"{opens / delivered * 100:.2f}%", f"{opens * 2:,}", clicks,
        f"{clicks / delivered * 100:.2f}%", clicks * 2, 20 + i, i % 3, 0, 1234, f"a1b2c{i}",
        3, "$120.50", "$120.50", "n/a", "", 0, "", 0, 0, "", "", "", "", "", "", "", "",
    ]
    assert len(row) == 40
    mc.append(row)
write("mailchimp-campaigns.csv", csv_text(mc).encode("utf-8"))

# 2. Klaviyo campaigns: ".0" counts, joined lists.
kl = [["Campaign Name", "Tags", "Subject", "List", "Send Time", "Send Weekday",
       "Total Recipients", "Unique Placed Order", "Placed Order Rate", "Revenue",
       "Unique Opens", "Open Rate", "Total Opens", "Unique Clicks", "Click Rate",
       "Total Clicks", "Unsubscribes", "Spam Complaints", "Spam Complaints Rate",
       "Successful Deliveries", "Bounces", "Bounce Rate", "Campaign ID", "Campaign Channel"]]
for i in range(8):
    channel = "SMS" if i == 7 else "Email"
    lists = "Newsletter, VIP" if i % 3 == 0 else "Newsletter"
    rec = 5000.0 + i * 10
    delivered = rec - 25
    kl.append([f"Weekly {i + 1}", "", f"Subject {i + 1}", lists,
               f"2025-03-{3 + i:02d} 10:00:00", "Monday", f"{rec:.1f}", "4.0", "0.08%",
               "350.25", f"{delivered * 0.4:.1f}", "40.00%", "2400.0", "150.0", "3.00%",
               "180.0", f"{10 + i}.0", "1.0", "0.02%", f"{delivered:.1f}", "25.0", "0.5%",
               f"01HX{i:04d}", channel])
write("klaviyo-campaigns.csv", csv_text(kl).encode("utf-8"))

# 3. Meta Business Suite post export: UTF-8 BOM, a column name with commas.
mp = [["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
       "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share", "Post type",
       "Languages", "Custom labels", "Funded content status", "Data comment", "Date",
       "Impressions", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments",
       "Shares", "Total clicks", "Link clicks", "Other clicks"]]
for i in range(10):
    reach = 3000 + i * 100
    reactions, comments, shares = 120 + i, 10 + i, 4 + i
    mp.append([f"1234567890_{9870 + i}", "1234567890", "Acme Coffee", "",
               f"Post {i + 1}: new beans, \"single origin\"\nsecond line", "",
               f"03/{10 + i:02d}/2025 08:15", "", f"https://www.facebook.com/p/{i}", "No",
               "No", "Photo", "", "", "", "", "Lifetime", reach * 2, reach,
               reactions + comments + shares, reactions, comments, shares, 40 + i, 30, 10 + i])
write("meta-posts.csv", b"\xef\xbb\xbf" + csv_text(mp).encode("utf-8"))

# 4. Meta daily metric files: UTF-16 LE with BOM, sep=, then the metric title, then Date,Primary.
for metric, base in [("Follows", 12), ("Unfollows", 3)]:
    lines = ["sep=,", f'"Facebook {metric}"', '"Date","Primary"']
    for d in range(1, 15):
        lines.append(f'"2025-03-{d:02d}T00:00:00","{base + d % 5}"')
    write(f"meta-daily-{metric.lower()}.csv",
          codecs.BOM_UTF16_LE + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))

# 5. Windows-1252, semicolons, decimal commas, German headers (read through a mapping).
de = [["Datum", "Kanal", "Segment", "Kampagne", "Empfänger", "Zugestellt", "Öffnungen",
       "Öffnungsrate", "Klicks", "Abmeldungen", "Umsatz"]]
for i in range(6):
    rec = 1200 + i
    de.append([f"{4 + i:02d}.03.2025 08:15", "E-Mail", "Stammkunden", f"Frühling {i + 1}",
               f"{rec:,}".replace(",", "."), f"{rec - 10:,}".replace(",", "."),
               str((rec - 10) * 22 // 100), "22,2 %", "31", str(2 + i), f"1.234,{50 + i}"])
write("german-sends.csv", csv_text(de, delimiter=";").encode("cp1252"))
write("german-sends.mapping.json", json.dumps({
    "kind": "sends",
    "columns": {"at": "Datum", "channel": "Kanal", "audience": "Segment", "title": "Kampagne",
                "recipients": "Empfänger", "delivered": "Zugestellt", "opens": "Öffnungen",
                "clicks": "Klicks", "unsubscribes": "Abmeldungen", "revenue": "Umsatz"},
    "date_format": "%d.%m.%Y %H:%M", "decimal": ",", "timezone": "Europe/Berlin",
    "channel": None, "events": {"Abgemeldet": "unsubscribe"}}, ensure_ascii=False,
    indent=2).encode("utf-8"))

# 6. Every kind of bad row (generic sends), with good rows between them.
bad = [
    ["Date", "Channel", "List", "Title", "Recipients", "Delivered", "Opens", "Unsubscribes"],
    ["2025-03-01 09:00", "email", "News", "good 1", "100", "98", "40", "1"],
    ["2025-03-02 09:00", "email", "News", "missing delivered", "100", "", "40", "1"],
    ["2025-02-30 09:00", "email", "News", "not a real date", "100", "98", "40", "1"],
    ["2025-03-03 09:00", "email", "News", "negative", "100", "98", "40", "-1"],
    ["2025-03-04 09:00", "email", "News", "fraction", "100", "98.5", "40", "1"],
    ["2025-03-05 09:00", "email", "News", "more delivered", "100", "120", "40", "1"],
    ["2025-03-06 09:00", "email", "News", "more opens", "100", "98", "99", "1"],
    ["2025-03-07 09:00", "email", "News", "not a number", "100", "98", "lots", "1"],
    ["2025-03-08 09:00", "", "News", "missing channel", "100", "98", "40", "1"],
    ["yesterday", "email", "News", "unreadable date", "100", "98", "40", "1"],
    ["2025-03-09 09:00", "email", "News", "multi\nline good 2", "100", "98", "n/a", "0"],
    ["2025-03-10 09:00", "Carrier Pigeon", "News", "good 3 unknown channel", "10", "9", "-", "0"],
]
write("bad-sends.csv", csv_text(bad).encode("utf-8"))

# 7. Generic activity (Klaviyo-style vendor words), and one with ambiguous dates.
act = [["Email", "Event", "Timestamp", "Campaign", "List", "Channel"]]
people = ["ann@example.com", "bob@example.com", "Cy@Example.com"]
for d in range(1, 8):
    for p in people:
        act.append([p, "Received Email", f"2025-03-{d:02d}T09:00:00Z", f"Daily {d}", "News", "Email"])
act.append(["ann@example.com", "Opened Email", "2025-03-01T10:00:00Z", "Daily 1", "News", "Email"])
act.append(["bob@example.com", "Unsubscribed", "2025-03-07T12:00:00Z", "Daily 7", "News", "Email"])
act.append(["cy@example.com", "Marked Email as Spam", "2025-03-20T12:00:00Z", "", "News", "Email"])
act.append(["ann@example.com", "Teleported", "2025-03-02T10:00:00Z", "", "News", "Email"])
act.append(["", "Opened Email", "2025-03-02T10:00:00Z", "", "News", "Email"])
write("activity.csv", csv_text(act).encode("utf-8"))
amb = [["Email", "Event", "Timestamp", "List", "Channel"],
       ["ann@example.com", "Sent", "03/04/2025 10:00", "News", "sms"],
       ["bob@example.com", "Sent", "05/06/2025 10:00", "News", "sms"]]
write("ambiguous-dates.csv", csv_text(amb).encode("utf-8"))

# 8. Inbox, tab-separated.
inbox = [["Received At", "Network", "Author", "Replied At", "Thread"]]
for i in range(10):
    replied = "" if i == 9 else f"2025-03-{1 + i:02d}T{10 + i:02d}:00:00Z"
    inbox.append([f"2025-03-{1 + i:02d}T09:00:00Z", "instagram", f"user{i}", replied, f"t{i}"])
write("inbox.tsv", csv_text(inbox, delimiter="\t").encode("utf-8"))

# 9. A quote that is never closed.
write("unterminated-quote.csv",
      b"Date,Channel,List,Delivered\n2025-03-01,email,News,10\n2025-03-02,email,\"News,10\n2025-03-03,email,News,10\n")
print("fixtures written to", os.path.normpath(OUT))
