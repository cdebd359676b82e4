// "Nearest": ask the browser for the visitor's position when they choose it; without it, the district.
(function () {
  var form = document.getElementById("market-search");
  if (!form || !navigator.geolocation) { return; }
  var order = form.querySelector("[name=order]");
  var lat = form.querySelector("[name=lat]");
  var lng = form.querySelector("[name=lng]");
  form.addEventListener("submit", function (event) {
    if (order.value !== "nearest" || lat.value) { return; }
    event.preventDefault();
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(5);
      lng.value = position.coords.longitude.toFixed(5);
      form.submit();
    }, function () { form.submit(); }, { timeout: 8000, maximumAge: 600000 });
  });
})();
