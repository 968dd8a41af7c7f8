; Registers the datawallet: URL scheme for the current user at install time
; (the app also re-registers it at start with app.setAsDefaultProtocolClient),
; and removes it on uninstall.
!macro customInstall
  WriteRegStr HKCU "Software\Classes\datawallet" "" "URL:Data Wallet lease request"
  WriteRegStr HKCU "Software\Classes\datawallet" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\datawallet\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr HKCU "Software\Classes\datawallet\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey HKCU "Software\Classes\datawallet"
!macroend
