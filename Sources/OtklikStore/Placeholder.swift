enum _OtklikStorePlaceholder {}
