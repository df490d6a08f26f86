extension String {
    /// The text as one shell word, for commands numsync suggests: as it is when it holds only
    /// characters no shell treats specially, else in single quotes.
    var shellQuotedIfNeeded: String {
        let plain =
            !isEmpty
            && unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                        || "-_./=:@+,%".unicodeScalars.contains(scalar))
            }
        return plain ? self : "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
