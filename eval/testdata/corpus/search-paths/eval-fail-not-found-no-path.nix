<nothing>
