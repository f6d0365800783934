"""The `flows` collection: origin-destination arcs between capitals, valued from profiles-api."""
