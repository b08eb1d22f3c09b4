// The Feed demo: `swift run` in Examples/Feed. Members join, post and follow each other; every event goes to the
// member's own stream, and three read models (profiles, follower counts, posts) are built from the same events.
import EVDLRuntime
import Feed
import Foundation

let community = Community()
let ada = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
let grace = UUID(uuidString: "00000000-0000-0000-0000-0000000000b2")!
let linus = UUID(uuidString: "00000000-0000-0000-0000-0000000000c3")!
var clock = Date(timeIntervalSince1970: 1_767_261_600)  // 1 January 2026, 10:00 UTC

/// Sends `command` one minute after the previous one; a rejection is narrated instead of thrown.
@MainActor @discardableResult
func send(_ command: Member.Command) async throws -> [Member.Event] {
    clock += 60
    do {
        return try await community.send(command, at: clock).events
    } catch let rejection as CommandRejection {
        print("   Refused: \(rejection.message).")
        return []
    }
}

/// `1 post`, `2 posts`.
func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

@MainActor func post(_ member: UUID, _ number: Int, _ text: String) async throws {
    let postId = UUID(uuidString: String(format: "00000000-0000-0000-0001-%012d", number))!
    try await send(.post(Member.Post(memberId: member, postId: postId, text: text)))
}

print("1. Ada, Grace and Linus join; someone tries the handle \"al\".")
try await send(.join(Member.Join(memberId: ada, handle: "ada")))
try await send(.join(Member.Join(memberId: grace, handle: "grace")))
try await send(.join(Member.Join(memberId: linus, handle: "linus")))
try await send(.join(Member.Join(memberId: UUID(), handle: "al")))

print("2. They post.")
try await post(ada, 1, "Notes on the Analytical Engine, part 1")
try await post(grace, 2, "Found a moth in relay 70")
try await post(ada, 3, "Part 2: loops on punched cards")
try await post(linus, 4, "Just a hobby, won't be big")
print("   Grace tries to post an empty text.")
try await post(grace, 5, "")

print("3. They follow each other.")
try await send(.follow(Member.Follow(memberId: grace, followee: ada)))
try await send(.follow(Member.Follow(memberId: linus, followee: ada)))
try await send(.follow(Member.Follow(memberId: ada, followee: grace)))
try await send(.follow(Member.Follow(memberId: linus, followee: grace)))
let again = try await send(.follow(Member.Follow(memberId: linus, followee: ada)))
print("   Linus follows Ada a second time: the command is accepted and emits \(again.count) events (following is idempotent).")
print("   Ada tries to follow herself.")
try await send(.follow(Member.Follow(memberId: ada, followee: ada)))

let position = try await community.refresh()
print("4. The projection runner reads the \(position) stored events once and feeds each read model the events it handles.")

print("5. Read model `Profiles` (keyed by member):")
for profile in try await Profiles.prolific(minimum: 0, in: community.readModels) {
    print("   @\(profile.handle): \(count(profile.posts, "post")), follows \(count(profile.following, "member")).")
}
if let found = try await Profiles.byHandle(handle: "grace", in: community.readModels) {
    print("   The query `byHandle(\"grace\")` finds the member id …\(found.memberId.uuidString.suffix(4)).")
}
print("   The query `prolific(minimum: 2)` finds: \(try await Profiles.prolific(minimum: 2, in: community.readModels).map { "@" + $0.handle }.joined(separator: ", ")).")

print("6. Read model `FollowerCounts` (keyed by the member being followed, from the same Followed events):")
for row in try await FollowerCounts.popular(minimum: 1, in: community.readModels) {
    let handle = await community.readModels.row(row.memberId, of: Profiles.self)?.handle ?? "?"
    print("   @\(handle) has \(count(row.followers, "follower")).")
}

print("7. Read model `Posts` (keyed by post): Ada's posts are")
for row in try await Posts.byAuthor(author: ada, in: community.readModels) {
    print("   \"\(row.text)\"")
}

print("8. Linus's timeline (the posts of those he follows, newest first):")
for entry in try await community.timeline(for: linus) {
    print("   @\(entry.author): \(entry.text)")
}

print("9. Linus unfollows Ada; tries to unfollow her again.")
try await send(.unfollow(Member.Unfollow(memberId: linus, followee: ada)))
try await send(.unfollow(Member.Unfollow(memberId: linus, followee: ada)))
print("   His timeline now shows \(try await community.timeline(for: linus).map { "@" + $0.author }.joined(separator: ", ")), and Ada has \(count(await community.readModels.row(ada, of: FollowerCounts.self)?.followers ?? 0, "follower")) left.")
