"""The school's directory of local and national services (`data/services.yml`).

    directory = load_directory()                      # refused whole if anything is wrong
    results = find(directory, ["food"], district="KB3", now=now)
    messages = reply_messages(results, now)
"""
