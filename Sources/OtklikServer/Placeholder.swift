enum _OtklikServerPlaceholder {}
